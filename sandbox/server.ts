/**
 * The built-in Spectrum sandbox: a real HTTP implementation of Spectrum's two order endpoints, following
 * the published contract (token header, atomic 409 with "Unable to find recipeSetReadableId(s): …", 500),
 * plus Spectrum's 403 rate limit, fault injection by purchase order number, and a few /__sandbox/ control
 * endpoints for tests. It binds to loopback only and is started only when no real Spectrum is configured.
 * Test-only: scripts, tests and e2e import it; nothing under app/ or lib/ may.
 */
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WORKFLOW_STATUSES } from "../lib/schemas/status";
import { lookupPath } from "../lib/spectrum/lookup";
import { DEMO_ORDERS, SANDBOX_FAULTS, type DemoOrder, type SandboxFault } from "../lib/spectrum/sandbox-demo";
import type { SubmissionKind } from "../lib/spectrum/types";

const LOOKUP_PREFIX = lookupPath("");

export interface SandboxOptions {
  token: string;
  /** Status for unknown recipe set IDs: 409 as documented, 404 as a newer revision of the status page does. */
  notFoundStatus?: 409 | 404;
  /** Delay of the FAULT-SLOW orders. */
  slowMs?: number;
  /** Requests per 60 s per endpoint before answering 403 (Spectrum's limit is 100). */
  rateLimit?: number;
  orders?: DemoOrder[];
  /** The workflow statuses it accepts (SPECTRUM_WORKFLOW_STATUSES; default Spectrum's eight). */
  workflowStatuses?: readonly string[];
}

export interface SandboxLine {
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  serialNumbers: string[] | null;
  workflowStatus: string | null;
  updatedAt: string | null;
}

export interface RecordedRequest {
  receivedAt: string;
  method: string;
  path: string;
  /** Header values as received (the sandbox's own token: it never leaves this machine). */
  headers: { "content-type": string | null; spectrum_api_token: string | null };
  body: string;
  purchaseOrderNumber: string | null;
  responseStatus: number | null;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORDED = 5_000;

export function createSandbox(options: SandboxOptions) {
  const notFoundStatus = options.notFoundStatus ?? 409;
  const slowMs = options.slowMs ?? 20_000;
  const rateLimit = options.rateLimit ?? 100;
  const orders = new Map<string, Map<string, SandboxLine>>();
  const recorded: RecordedRequest[] = [];
  /** FAULT-403ONCE orders already refused once */
  const refusedOnce = new Set<string>();
  const hits: Record<SubmissionKind | "lookup", number[]> = { tracking: [], status: [], lookup: [] };
  const workflowStatusSet = new Set<string>(options.workflowStatuses ?? WORKFLOW_STATUSES);
  const expected = Buffer.from(options.token);

  function addOrder(order: Pick<DemoOrder, "purchaseOrderNumber" | "recipeSetReadableIds" | "initial">) {
    const lines = orders.get(order.purchaseOrderNumber) ?? new Map<string, SandboxLine>();
    for (const [i, id] of order.recipeSetReadableIds.entries()) {
      if (!lines.has(id)) {
        lines.set(id, {
          recipeSetReadableId: id,
          shipmentTracking: order.initial?.[i]?.shipmentTracking ?? null,
          serialNumbers: null,
          workflowStatus: order.initial?.[i]?.workflowStatus ?? null,
          updatedAt: null,
        });
      }
    }
    orders.set(order.purchaseOrderNumber, lines);
  }
  (options.orders ?? DEMO_ORDERS).forEach(addOrder);

  function tokenOk(value: string | string[] | undefined) {
    if (typeof value !== "string") return false;
    const given = Buffer.from(value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function rateLimited(kind: SubmissionKind | "lookup") {
    const now = Date.now();
    hits[kind] = hits[kind].filter((t) => now - t < 60_000);
    if (hits[kind].length >= rateLimit) return true;
    hits[kind].push(now);
    return false;
  }

  function send(res: http.ServerResponse, status: number, body: unknown, record?: RecordedRequest) {
    if (record) record.responseStatus = status;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  function faultFor(po: string): SandboxFault | null {
    const upper = po.toUpperCase();
    return SANDBOX_FAULTS.find((f) => upper.startsWith(f.prefix))?.prefix ?? null;
  }

  async function readBody(req: http.IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  function recordRequest(req: http.IncomingMessage, raw: string | null, purchaseOrderNumber: string | null) {
    const record: RecordedRequest = {
      receivedAt: new Date().toISOString(),
      method: req.method ?? "",
      path: req.url ?? "",
      headers: {
        "content-type": req.headers["content-type"] ?? null,
        spectrum_api_token:
          typeof req.headers["spectrum_api_token"] === "string" ? req.headers["spectrum_api_token"] : null,
      },
      body: raw ?? "",
      purchaseOrderNumber,
      responseStatus: null,
    };
    recorded.push(record);
    if (recorded.length > MAX_RECORDED) recorded.shift();
    return record;
  }

  /**
   * GET /api/order/order-number/{PO}: Spectrum documents the call but not its answer, so this shape is the
   * sandbox's own (README): { purchaseOrderNumber, status: "OK", order: { purchaseOrderNumber, lineItems: [{
   * recipeSetReadableId, workflowStatus, shipmentTracking, serialNumbers, updatedAt }] } }; 404 for an unknown
   * order. Faults by prefix as for the write calls (FAULT-SLOW answers late).
   */
  async function handleLookup(req: http.IncomingMessage, res: http.ServerResponse, encodedPo: string) {
    let po: string;
    try {
      po = decodeURIComponent(encodedPo);
    } catch {
      po = encodedPo;
    }
    const record = recordRequest(req, null, po);
    if (!tokenOk(req.headers["spectrum_api_token"])) {
      return send(res, 401, { status: "Error", details: "Missing or invalid SPECTRUM_API_TOKEN." }, record);
    }
    if (rateLimited("lookup")) {
      return send(res, 403, { status: "Error", details: "Forbidden: too many requests." }, record);
    }
    switch (faultFor(po)) {
      case "FAULT-500":
        return send(
          res,
          500,
          { purchaseOrderNumber: po, status: "Error", details: `Order lookup for ${po} encountered an error.` },
          record,
        );
      case "FAULT-502":
        return send(
          res,
          502,
          "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
          record,
        );
      case "FAULT-BADJSON":
        record.responseStatus = 200;
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(`{"purchaseOrderNumber": "${po}", "order": {"lineItems": [`);
      case "FAULT-403":
        return send(res, 403, { status: "Error", details: "Forbidden" }, record);
      case "FAULT-403ONCE":
        if (!refusedOnce.has(po)) {
          refusedOnce.add(po);
          return send(res, 403, { status: "Error", details: "Forbidden" }, record);
        }
        break;
      case "FAULT-RESET":
        return req.socket.destroy();
      case "FAULT-SLOW":
        await new Promise((r) => setTimeout(r, slowMs));
        break;
      case null:
        break;
    }
    const lines = orders.get(po);
    if (res.destroyed) return;
    if (!lines) {
      return send(
        res,
        404,
        { purchaseOrderNumber: po, status: "Error", details: `Unable to find order ${po}.` },
        record,
      );
    }
    return send(
      res,
      200,
      { purchaseOrderNumber: po, status: "OK", order: { purchaseOrderNumber: po, lineItems: [...lines.values()] } },
      record,
    );
  }

  async function handleOrder(req: http.IncomingMessage, res: http.ServerResponse, kind: SubmissionKind) {
    const raw = await readBody(req);
    const record = recordRequest(req, raw, null);

    let body: { purchaseOrderNumber?: unknown; lineItems?: unknown } | null = null;
    try {
      body = raw === null ? null : JSON.parse(raw);
    } catch {
      body = null;
    }
    const po = typeof body?.purchaseOrderNumber === "string" ? body.purchaseOrderNumber : null;
    record.purchaseOrderNumber = po;

    if (!tokenOk(req.headers["spectrum_api_token"])) {
      return send(res, 401, { status: "Error", details: "Missing or invalid SPECTRUM_API_TOKEN." }, record);
    }
    if (rateLimited(kind)) {
      return send(res, 403, { status: "Error", details: "Forbidden: too many requests." }, record);
    }
    const errorDetails =
      kind === "tracking"
        ? `Ship Notification processing for ${po ?? "unknown order"} encountered an error.`
        : `Update status for ${po ?? "unknown order"} encountered an error.`;
    const lineItems = Array.isArray(body?.lineItems) ? (body.lineItems as Record<string, unknown>[]) : null;
    const wellFormed =
      po !== null &&
      lineItems !== null &&
      lineItems.length > 0 &&
      lineItems.every(
        (l) =>
          typeof l === "object" &&
          l !== null &&
          typeof l.recipeSetReadableId === "string" &&
          (kind === "tracking"
            ? typeof l.shipmentTracking === "string" &&
              (l.serialNumbers === undefined ||
                (Array.isArray(l.serialNumbers) && l.serialNumbers.every((s) => typeof s === "string")))
            : typeof l.workflowStatus === "string" && workflowStatusSet.has(l.workflowStatus)),
      );
    if (!wellFormed) {
      return send(res, 500, { purchaseOrderNumber: po, status: "Error", details: errorDetails }, record);
    }

    const ids = lineItems.map((l) => l.recipeSetReadableId as string);
    const fault = faultFor(po);
    switch (fault) {
      case "FAULT-500":
        return send(res, 500, { purchaseOrderNumber: po, status: "Error", details: errorDetails }, record);
      case "FAULT-502":
        return send(
          res,
          502,
          "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not respond.</p></body></html>",
          record,
        );
      case "FAULT-BADJSON":
        record.responseStatus = 500;
        res.writeHead(500, { "Content-Type": "application/json" });
        return res.end(`{"purchaseOrderNumber": "${po}", "status": "Err`);
      case "FAULT-403":
        return send(res, 403, { status: "Error", details: "Forbidden" }, record);
      case "FAULT-403ONCE":
        if (!refusedOnce.has(po)) {
          refusedOnce.add(po);
          return send(res, 403, { status: "Error", details: "Forbidden" }, record);
        }
        break;
      case "FAULT-RESET":
        record.responseStatus = null;
        return req.socket.destroy();
      case "FAULT-SLOW":
        // Spectrum goes on and applies the update even though the caller has given up waiting.
        await new Promise((r) => setTimeout(r, slowMs));
        break;
      case null:
        break;
    }

    // Atomic, as documented: one unknown ID and nothing in the order is updated.
    const lines = orders.get(po);
    const missing = ids.filter((id) => !lines?.has(id));
    if (!lines || missing.length > 0) {
      if (res.destroyed) return;
      return send(
        res,
        notFoundStatus,
        {
          purchaseOrderNumber: po,
          status: "Error",
          details: `Unable to find recipeSetReadableId(s): ${missing.join(", ")}.`,
        },
        record,
      );
    }
    const now = new Date().toISOString();
    for (const item of lineItems) {
      const line = lines.get(item.recipeSetReadableId as string)!;
      if (kind === "tracking") {
        line.shipmentTracking = item.shipmentTracking as string;
        line.serialNumbers = (item.serialNumbers as string[] | undefined) ?? null;
      } else {
        line.workflowStatus = item.workflowStatus as string;
      }
      line.updatedAt = now;
    }
    if (res.destroyed) return;
    return send(res, 200, { purchaseOrderNumber: po, status: "OK", details: updatedDetails(kind, ids) }, record);
  }

  function updatedDetails(kind: SubmissionKind, ids: string[]) {
    return `${kind === "tracking" ? "Updated tracking number" : "Updated workflow status"} for recipeSetReadableId(s): ${ids.join(", ")}.`;
  }

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (url.pathname === "/__sandbox/health") return send(res, 200, { ok: true });
    if (url.pathname === "/__sandbox/orders" && req.method === "GET") {
      return send(
        res,
        200,
        [...orders].map(([purchaseOrderNumber, lines]) => ({ purchaseOrderNumber, lines: [...lines.values()] })),
      );
    }
    if (url.pathname === "/__sandbox/orders" && req.method === "POST") {
      const raw = await readBody(req);
      try {
        const order = JSON.parse(raw ?? "");
        if (typeof order.purchaseOrderNumber !== "string" || !Array.isArray(order.recipeSetReadableIds))
          throw new Error();
        addOrder({ purchaseOrderNumber: order.purchaseOrderNumber, recipeSetReadableIds: order.recipeSetReadableIds });
        return send(res, 201, { ok: true });
      } catch {
        return send(res, 400, { error: "expected { purchaseOrderNumber, recipeSetReadableIds[] }" });
      }
    }
    if (url.pathname === "/__sandbox/requests" && req.method === "GET") {
      const po = url.searchParams.get("purchaseOrderNumber");
      return send(res, 200, po === null ? recorded : recorded.filter((r) => r.purchaseOrderNumber === po));
    }
    return send(res, 404, { error: "unknown sandbox endpoint" });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const run = async () => {
      if (url.pathname === "/api/order/ship-notification") {
        if (req.method !== "POST") return send(res, 405, { status: "Error", details: "Method not allowed" });
        return handleOrder(req, res, "tracking");
      }
      if (url.pathname === "/api/order/status") {
        if (req.method !== "PUT") return send(res, 405, { status: "Error", details: "Method not allowed" });
        return handleOrder(req, res, "status");
      }
      if (url.pathname.startsWith(LOOKUP_PREFIX) && url.pathname.length > LOOKUP_PREFIX.length) {
        if (req.method !== "GET") return send(res, 405, { status: "Error", details: "Method not allowed" });
        return handleLookup(req, res, url.pathname.slice(LOOKUP_PREFIX.length));
      }
      if (url.pathname.startsWith("/__sandbox/")) return handleControl(req, res, url);
      return send(res, 404, "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>");
    };
    run().catch(() => {
      if (!res.headersSent) send(res, 500, { status: "Error", details: "Sandbox internal error" });
    });
  });

  return {
    server,
    orders,
    recorded,
    /** Listens on loopback; resolves with the base URL. */
    listen(port = 0, host = "127.0.0.1"): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${host}:${address.port}`);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export type Sandbox = ReturnType<typeof createSandbox>;
