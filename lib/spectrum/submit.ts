import "server-only";
import { createHash } from "node:crypto";
import { completeSubmission, createPendingSubmission, getSubmission, type PendingLineItem, type SubmissionDto } from "@/lib/db/audit";
import type { ActionResult } from "@/lib/actions/result";
import { env } from "@/lib/env.mjs";
import { callSpectrum } from "./client";
import { interpretExchange } from "./interpret";
import { SlidingWindowLimiter } from "./rate-limit";
import type { SubmissionKind } from "./types";

export interface SubmissionResult {
  submission: SubmissionDto;
  /** true when this idempotency key had already been sent: the first result is returned, nothing resent */
  replayed: boolean;
}

const globalForLimiter = globalThis as unknown as { spectrumLimiter?: SlidingWindowLimiter };
const limiter = (globalForLimiter.spectrumLimiter ??= new SlidingWindowLimiter(env.rateLimitPerMinute));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one validated submission to Spectrum with a write-ahead audit record:
 * pending row → call → outcome and per-line results in one transaction.
 */
export async function submitToSpectrum(input: {
  kind: SubmissionKind;
  idempotencyKey: string;
  purchaseOrderNumber: string;
  body: { purchaseOrderNumber: string; lineItems: PendingLineItem[] };
  resubmitOfId?: number;
  /** who is sending: recorded with the submission */
  operator: { id: string; name: string; email: string };
}): Promise<ActionResult<SubmissionResult>> {
  if (!env.spectrumBaseUrl) {
    return { ok: false, message: "Spectrum is not configured on this server. Nothing was sent." };
  }
  const requestBody = JSON.stringify(input.body);
  const requestHash = createHash("sha256").update(`${input.kind}\n${requestBody}`).digest("hex");

  const previous = await getSubmission({ idempotencyKey: input.idempotencyKey });
  if (previous) return replay(previous, requestHash);

  if (input.resubmitOfId !== undefined) {
    const original = await getSubmission({ id: input.resubmitOfId });
    if (!original || original.kind !== input.kind) {
      return { ok: false, message: `Submission #${input.resubmitOfId} is not a ${input.kind} submission that can be resubmitted here.` };
    }
  }

  const slot = limiter.take(input.kind);
  if (!slot.ok) {
    return {
      ok: false,
      message: `Not sent: this dashboard keeps under Spectrum's rate limit (${env.rateLimitPerMinute} requests per minute). Try again in ${Math.ceil(slot.retryAfterMs / 1000)} s.`,
    };
  }

  const created = await createPendingSubmission({
    kind: input.kind,
    environment: env.environmentName,
    baseUrl: env.spectrumBaseUrl,
    purchaseOrderNumber: input.purchaseOrderNumber,
    requestBody,
    requestHash,
    idempotencyKey: input.idempotencyKey,
    lineItems: input.body.lineItems,
    resubmitOfId: input.resubmitOfId,
    operator: input.operator,
  });
  if (!created) {
    // Lost a race with the same key (a double submit): wait for the first one instead of sending again.
    const first = await getSubmission({ idempotencyKey: input.idempotencyKey });
    if (!first) throw new Error("idempotency key conflict without a submission");
    return replay(first, requestHash);
  }

  const exchange = await callSpectrum(input.kind, requestBody);
  const interpretation = interpretExchange(
    exchange,
    input.body.lineItems.map((l) => l.recipeSetReadableId),
  );
  await completeSubmission(created.id, interpretation, {
    bodyText: exchange.type === "response" ? exchange.bodyText : null,
    truncated: exchange.type === "response" && exchange.truncated,
    durationMs: exchange.durationMs,
  });
  const submission = await getSubmission({ id: created.id });
  if (!submission) throw new Error(`submission ${created.id} vanished`);
  return { ok: true, data: { submission, replayed: false } };
}

async function replay(first: SubmissionDto, requestHash: string): Promise<ActionResult<SubmissionResult>> {
  if (first.requestHash !== requestHash) {
    return {
      ok: false,
      message: `This form was already sent as submission #${first.id} with different contents. Reload the page to send a new submission.`,
    };
  }
  // The first request may still be waiting for Spectrum: wait for its outcome (bounded by the timeout).
  let current: SubmissionDto | null = first;
  const deadline = Date.now() + env.timeoutMs + 2_000;
  while (current?.state === "pending" && Date.now() < deadline) {
    await sleep(200);
    current = await getSubmission({ id: first.id });
  }
  return { ok: true, data: { submission: current ?? first, replayed: true } };
}
