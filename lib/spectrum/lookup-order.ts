import "server-only";
import type { ActionResult } from "@/lib/actions/result";
import { readSpectrumHealth } from "@/lib/db/health";
import { recordOrderLookup } from "@/lib/db/lookups";
import { env } from "@/lib/env.mjs";
import { lookupSpectrumOrder } from "./client";
import { classifyExchange, waitBeforeCall, waitMessage } from "./health";
import { rateLimitMessage, takeSpectrumSlot } from "./limiter";
import { readOrderLookup, type LookupLine, type LookupOutcome } from "./lookup";
import { recordHealth } from "./submit";

/** What "Look up in Spectrum" returns to the form. */
export interface OrderLookupResult {
  purchaseOrderNumber: string;
  outcome: LookupOutcome;
  /** one sentence: "Spectrum has 2 line items on …", "Spectrum has no order …", or what went wrong */
  message: string;
  /** the order's line items as Spectrum holds them (found only) */
  lines: LookupLine[];
  /** Spectrum's answer as received, when it could not be read */
  raw: string | null;
  httpStatus: number | null;
  /** the OrderLookup row, or null if the lookup could not be recorded */
  lookupId: number | null;
}

/**
 * Looks one order up in Spectrum (read-only): refused within 60 s of a 403 on the lookup endpoint, counted by the
 * rate limiter like a send, recorded in OrderLookup (not as a submission), and its result written to Spectrum's
 * shared health like a send's.
 */
export async function lookupOrder(
  purchaseOrderNumber: string,
  operator: { id: string; name: string; email: string },
): Promise<ActionResult<OrderLookupResult>> {
  if (!env.spectrumBaseUrl) {
    return { ok: false, message: "Spectrum is not configured on this server. Nothing was looked up." };
  }
  const health = await readSpectrumHealth();
  const wait = waitBeforeCall(health, "lookup", new Date());
  if (!wait.ok) return { ok: false, message: waitMessage(wait, "looked up") };
  const slot = await takeSpectrumSlot("lookup").catch((error: unknown) => {
    console.error("[lookup] the rate budget could not be read:", error instanceof Error ? error.message : error);
    return null;
  });
  if (!slot) {
    return { ok: false, message: "Not looked up: the database cannot be reached just now. Try again in a minute." };
  }
  if (!slot.ok) return { ok: false, message: rateLimitMessage("looked up", slot.retryAfterMs) };
  const createdAt = new Date();
  const exchange = await lookupSpectrumOrder(purchaseOrderNumber);
  const reading = readOrderLookup(exchange, purchaseOrderNumber);
  const httpStatus = exchange.type === "response" ? exchange.status : null;
  const lookupId = await recordOrderLookup({
    purchaseOrderNumber,
    environment: env.environmentName,
    baseUrl: env.spectrumBaseUrl,
    httpStatus,
    durationMs: exchange.durationMs,
    outcome: reading.outcome,
    lineCount: reading.lines.length,
    message: reading.message,
    operator,
    createdAt,
  }).catch((error: unknown) => {
    console.error("[lookup] the lookup could not be recorded:", error instanceof Error ? error.message : error);
    return null;
  });
  await recordHealth("lookup", classifyExchange(exchange), health, new Date());
  return { ok: true, data: { purchaseOrderNumber, ...reading, httpStatus, lookupId } };
}
