import { readableExcerpt } from "./interpret";
import { wellFormed } from "./scrub";
import type { Exchange } from "./types";

/**
 * Spectrum's order lookup, `GET {base}/api/order/order-number/{PurchaseOrderNumber}`: the path, and a tolerant
 * reading of its answer. Spectrum does not publish the response's shape, so the parser collects every object that
 * carries a `recipeSetReadableId` wherever it sits in the JSON (top level, `lineItems`, nested recipe sets…), with
 * its `workflowStatus` and `shipmentTracking` when present (keys in any letter case). Pure.
 */

export const LOOKUP_OUTCOMES = ["found", "not_found", "unreadable", "failed"] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

export interface LookupLine {
  recipeSetReadableId: string;
  workflowStatus: string | null;
  shipmentTracking: string | null;
}

export interface OrderLookupReading {
  outcome: LookupOutcome;
  /** one sentence for the operator */
  message: string;
  lines: LookupLine[];
  /** the answer as received, when it could not be read (or for a look at the details) */
  raw: string | null;
}

export function lookupPath(purchaseOrderNumber: string): string {
  return `/api/order/order-number/${encodeURIComponent(purchaseOrderNumber)}`;
}

/** Raw text shown at most. */
export const MAX_RAW_CHARS = 8 * 1024;
const MAX_NODES = 50_000;

function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? wellFormed(value.trim()) : null;
  if (typeof value === "number") return String(value);
  // A status given as an object ({ name: "delivered" }) or a list of tracking numbers.
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    return text(field(object, "name") ?? field(object, "value") ?? field(object, "code"));
  }
  if (Array.isArray(value)) {
    const parts = value.map(text).filter((v): v is string => v !== null);
    return parts.length ? parts.join(", ") : null;
  }
  return null;
}

/** Every object carrying a recipeSetReadableId, in document order, one line per ID (later mentions fill gaps). */
export function collectLookupLines(json: unknown): LookupLine[] {
  const lines = new Map<string, LookupLine>();
  let visited = 0;
  const stack: unknown[] = [json];
  // Depth-first, in document order.
  while (stack.length > 0 && visited < MAX_NODES) {
    const node = stack.pop();
    visited++;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    if (!node || typeof node !== "object") continue;
    const object = node as Record<string, unknown>;
    const rawId = field(object, "recipeSetReadableId");
    const id = typeof rawId === "string" ? text(rawId) : null;
    if (id) {
      const line: LookupLine = {
        recipeSetReadableId: id,
        workflowStatus: text(field(object, "workflowStatus")),
        shipmentTracking: text(field(object, "shipmentTracking")),
      };
      const seen = lines.get(id);
      if (!seen) lines.set(id, line);
      else {
        seen.workflowStatus ??= line.workflowStatus;
        seen.shipmentTracking ??= line.shipmentTracking;
      }
    }
    const values = Object.values(object);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
  return [...lines.values()];
}

function rawOf(body: string): string {
  const trimmed = wellFormed(body);
  return trimmed.length > MAX_RAW_CHARS ? `${trimmed.slice(0, MAX_RAW_CHARS)}…` : trimmed;
}

/** Reads one lookup exchange (token already scrubbed by the client). */
export function readOrderLookup(exchange: Exchange, purchaseOrderNumber: string): OrderLookupReading {
  if (exchange.type === "not-sent") {
    return {
      outcome: "failed",
      message: `Could not reach Spectrum (${exchange.code}): ${exchange.detail}.`,
      lines: [],
      raw: null,
    };
  }
  if (exchange.type === "no-response") {
    return {
      outcome: "failed",
      message:
        exchange.reason === "timeout"
          ? `Spectrum did not answer the lookup within ${Math.round((exchange.timeoutMs ?? exchange.durationMs) / 1000)} s.`
          : `The connection to Spectrum broke during the lookup (${exchange.code}).`,
      lines: [],
      raw: null,
    };
  }
  const { status, bodyText } = exchange;
  if (status === 404) {
    return { outcome: "not_found", message: `Spectrum has no order ${purchaseOrderNumber}`, lines: [], raw: null };
  }
  if (status === 401 || status === 403) {
    return {
      outcome: "failed",
      message:
        status === 401
          ? "Spectrum rejected the API token (401)."
          : "Spectrum refused the lookup (403): the API token was rejected or the rate limit was reached. Wait a minute before looking up again.",
      lines: [],
      raw: null,
    };
  }
  if (status < 200 || status >= 300) {
    return {
      outcome: "failed",
      message: `Spectrum answered the lookup with HTTP ${status}: ${readableExcerpt(bodyText)}`,
      lines: [],
      raw: rawOf(bodyText),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return {
      outcome: "unreadable",
      message: "Spectrum's answer is not JSON this dashboard can read; here it is as received.",
      lines: [],
      raw: rawOf(bodyText),
    };
  }
  const lines = collectLookupLines(json);
  if (lines.length === 0) {
    return {
      outcome: "unreadable",
      message: "Spectrum's answer names no line items (no recipeSetReadableId); here it is as received.",
      lines: [],
      raw: rawOf(bodyText),
    };
  }
  return {
    outcome: "found",
    message: `Spectrum has ${lines.length} line item${lines.length === 1 ? "" : "s"} on ${purchaseOrderNumber}.`,
    lines,
    raw: null,
  };
}
