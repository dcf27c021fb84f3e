import "server-only";
import { createHash } from "node:crypto";
import { completeSubmission, createPendingSubmission, getSubmission, type PendingLineItem } from "@/lib/db/audit";
import { DatabaseUnavailableError } from "@/lib/db/client";
import { loadSendGuard } from "@/lib/db/guard";
import { recordSpectrumCall } from "@/lib/db/health";
import { writeJournalEntry } from "@/lib/db/outcome-journal";
import { lineWarnings, unconfirmedMessage, unconfirmedWarnings } from "@/lib/guard/warnings";
import type { ActionResult } from "@/lib/actions/result";
import { env } from "@/lib/env.mjs";
import { annotateLog } from "@/lib/log";
import { isShuttingDown, RESTARTING_MESSAGE, trackSend } from "@/lib/shutdown";
import type { SubmissionDto, SubmissionResult } from "@/lib/submission-model";
import { callSpectrum } from "./client";
import {
  classifyExchange,
  needsWrite,
  waitBeforeCall,
  waitMessage,
  type CallClass,
  type HealthEndpoint,
} from "./health";
import { interpretExchange, type Interpretation } from "./interpret";
import { rateLimitMessage, releaseSpectrumSlot, takeSpectrumSlot } from "./limiter";
import type { SubmissionKind } from "./types";

/** Spectrum was not called because the audit log could not be read or written first. */
export const AUDIT_UNAVAILABLE_MESSAGE =
  "The audit log cannot be written, so nothing was sent to Spectrum. Try again in a minute; if it keeps happening, tell an admin (the database may be full, locked or unavailable).";

/** Retries of the outcome write stop starting after this long; then the outcome journal takes the answer. */
export const OUTCOME_WRITE_BUDGET_MS = 8_000;
const OUTCOME_RETRY_DELAYS_MS = [100, 300, 1_000, 2_000, 3_000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Why a send was refused before anything reached Spectrum, for callers that act on it (the batch runner waits for
 * "rate_limit" and "spectrum_wait", holds an order on "warnings", pauses on "audit").
 */
export type Refusal = {
  reason: "rate_limit" | "spectrum_wait" | "warnings" | "audit" | "shutdown";
  retryAfterMs?: number;
};
export type SendResult = ActionResult<SubmissionResult> & { refusal?: Refusal };

/**
 * Sends one validated submission to Spectrum with a write-ahead audit record:
 * guard (one query: the 403 wait, the "already sent" warnings) → pending row → call → outcome and per-line results
 * in one transaction → Spectrum's health when it changed.
 */
export function submitToSpectrum(input: SendInput): Promise<SendResult> {
  // Once the server is stopping, nothing new starts; what has started is waited for (lib/shutdown.ts).
  if (isShuttingDown()) {
    return Promise.resolve({ ok: false, message: RESTARTING_MESSAGE, refusal: { reason: "shutdown" } });
  }
  return trackSend(send(input));
}

export interface SendInput {
  kind: SubmissionKind;
  idempotencyKey: string;
  purchaseOrderNumber: string;
  body: { purchaseOrderNumber: string; lineItems: PendingLineItem[] };
  resubmitOfId?: number;
  /** who is sending: recorded with the submission */
  operator: { id: string; name: string; email: string };
  /** keys of the warnings the operator confirmed ("Send anyway"); every current warning must be among them */
  confirmedWarnings?: readonly string[];
  /** a slot of the shared rate budget the caller took already (the batch runner, which gives it back if unused) */
  slot?: { ok: true; slot: number; takenAt: number };
}

async function send(input: SendInput): Promise<SendResult> {
  if (!env.spectrumBaseUrl) {
    return { ok: false, message: "Spectrum is not configured on this server. Nothing was sent." };
  }
  const requestBody = JSON.stringify(input.body);
  const requestHash = createHash("sha256").update(`${input.kind}\n${requestBody}`).digest("hex");

  // The idempotency key is checked by the insert's unique constraint below, not by a read first.
  if (input.resubmitOfId !== undefined) {
    try {
      const original = await getSubmission({ id: input.resubmitOfId });
      if (!original || original.kind !== input.kind) {
        return {
          ok: false,
          message: `Submission #${input.resubmitOfId} is not a ${input.kind} submission that can be resubmitted here.`,
        };
      }
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) return auditUnavailable(error);
      throw error;
    }
  }

  // One query: Spectrum's stored health (a 403 in the last minute on this endpoint refuses the send) and the earlier
  // submissions of this order, for the warnings the operator must have confirmed.
  const endpoint: HealthEndpoint = input.kind;
  let guard: Awaited<ReturnType<typeof loadSendGuard>>;
  try {
    guard = await loadSendGuard({
      kind: input.kind,
      purchaseOrderNumber: input.purchaseOrderNumber,
      environment: env.environmentName,
      endpoint,
      excludeIdempotencyKey: input.idempotencyKey,
    });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return auditUnavailable(error);
    throw error;
  }
  // A repeat of a key already sent is answered with its first result, whatever the wait, rate or warnings.
  const replayIfSent = async () => {
    const previous = await getSubmission({ idempotencyKey: input.idempotencyKey }).catch(() => null);
    return previous ? replay(previous, requestHash) : null;
  };
  const wait = waitBeforeCall(guard.health, endpoint, new Date());
  if (!wait.ok) {
    return (
      (await replayIfSent()) ?? {
        ok: false,
        message: waitMessage(wait, "sent"),
        refusal: { reason: "spectrum_wait", retryAfterMs: wait.retryAfterMs },
      }
    );
  }
  const warnings = lineWarnings({ kind: input.kind, lines: input.body.lineItems, earlier: guard.earlier });
  const unconfirmed = unconfirmedWarnings(warnings, input.confirmedWarnings ?? []);
  if (unconfirmed.length > 0) {
    return (
      (await replayIfSent()) ?? { ok: false, message: unconfirmedMessage(unconfirmed), refusal: { reason: "warnings" } }
    );
  }

  // A slot of the rate budget all server processes share: taken before the pending row, given back if not sent.
  let slot: Awaited<ReturnType<typeof takeSpectrumSlot>>;
  try {
    slot = input.slot ?? (await takeSpectrumSlot(input.kind));
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return auditUnavailable(error);
    throw error;
  }
  if (!slot.ok) {
    const replayed = await replayIfSent();
    if (replayed) return replayed;
    return {
      ok: false,
      message: rateLimitMessage("sent", slot.retryAfterMs),
      refusal: { reason: "rate_limit", retryAfterMs: slot.retryAfterMs },
    };
  }

  const pending = {
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
    confirmedWarnings: warnings,
  };
  let created: Awaited<ReturnType<typeof createPendingSubmission>>;
  try {
    created = await createPendingSubmission(pending);
    if (!created) {
      await releaseSpectrumSlot(input.kind, slot);
      // Lost a race with the same key (a double submit): wait for the first one instead of sending again.
      const first = await getSubmission({ idempotencyKey: input.idempotencyKey });
      if (!first) throw new Error("idempotency key conflict without a submission");
      return await replay(first, requestHash);
    }
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    await releaseSpectrumSlot(input.kind, slot);
    return auditUnavailable(error);
  }

  annotateLog({ submissionId: created.id, kind: input.kind });
  const exchange = await callSpectrum(input.kind, requestBody);
  const interpretation = interpretExchange(
    exchange,
    input.body.lineItems.map((l) => l.recipeSetReadableId),
  );
  const response = {
    bodyText: exchange.type === "response" ? exchange.bodyText : null,
    truncated: exchange.type === "response" && exchange.truncated,
    durationMs: exchange.durationMs,
  };
  annotateLog({ httpStatus: interpretation.httpStatus });
  const completedAt = new Date();
  const recorded = await recordOutcome(created.id, interpretation, response, completedAt);
  // Not while the log refuses writes: the answer waits in the journal, and the send must not wait another deadline.
  if (recorded === "database") await recordHealth(endpoint, classifyExchange(exchange), guard.health, completedAt);
  // What was just written, as getSubmission would read it back (not read again: it costs a round trip). When the
  // log could not take it, this is still what Spectrum answered, which the operator must see.
  const submission: SubmissionDto = {
    id: created.id,
    kind: input.kind,
    environment: pending.environment,
    purchaseOrderNumber: pending.purchaseOrderNumber,
    idempotencyKey: pending.idempotencyKey,
    requestHash,
    state: interpretation.state,
    lineCount: pending.lineItems.length,
    httpStatus: interpretation.httpStatus,
    spectrumStatus: interpretation.spectrumStatus,
    spectrumDetails: interpretation.spectrumDetails,
    message: interpretation.message,
    durationMs: response.durationMs,
    createdAt: created.createdAt,
    completedAt: completedAt.toISOString(),
    resubmitOfId: input.resubmitOfId ?? null,
    lines: pending.lineItems.map((line, i) => ({
      position: i,
      recipeSetReadableId: line.recipeSetReadableId,
      shipmentTracking: line.shipmentTracking ?? null,
      serialNumbers: line.serialNumbers ?? [],
      workflowStatus: line.workflowStatus ?? null,
      outcome: interpretation.lines[i]?.outcome ?? "unknown",
      message: interpretation.lines[i]?.message ?? null,
    })),
  };
  if (recorded === "database") return { ok: true, data: { submission, replayed: false } };
  const auditNotice =
    recorded === "journal"
      ? `Spectrum's answer (above) could not be written to the audit log just now. It is kept in the outcome journal and the history will catch up by itself within a minute of the log accepting writes again: do not send this again.`
      : `Spectrum's answer (above) could not be written to the audit log or to the outcome journal. Submission #${created.id} will show as interrupted under Needs attention: note this answer there, and tell an admin.`;
  return { ok: true, data: { submission, replayed: false, auditNotice } };
}

/**
 * Writes a call's effect on Spectrum's shared health when it changes it (see needsWrite: a run of successes writes
 * once per 10 s). Never throws: the banner is advice, the call has happened either way.
 */
export async function recordHealth(
  endpoint: HealthEndpoint,
  result: CallClass,
  before: Parameters<typeof needsWrite>[0],
  now: Date,
): Promise<void> {
  if (!needsWrite(before, result, now)) return;
  try {
    await recordSpectrumCall(endpoint, result, now);
  } catch (error) {
    console.error(`[health] Spectrum's health could not be recorded:`, error instanceof Error ? error.message : error);
  }
}

function auditUnavailable(error: DatabaseUnavailableError): SendResult {
  console.error(`[submit] nothing sent: ${error.message}`);
  return { ok: false, message: AUDIT_UNAVAILABLE_MESSAGE, refusal: { reason: "audit" } };
}

/**
 * Writes Spectrum's answer to the audit log, retrying with backoff for OUTCOME_WRITE_BUDGET_MS (a lock held by
 * another process, a disk that is briefly full). If the log still refuses, the answer goes to the outcome
 * journal, which start-up and the periodic recovery replay. Never throws: the call has happened either way.
 */
async function recordOutcome(
  id: number,
  interpretation: Interpretation,
  response: { bodyText: string | null; truncated: boolean; durationMs: number },
  completedAt: Date,
): Promise<"database" | "journal" | "lost"> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await completeSubmission(id, interpretation, response, completedAt);
      return "database";
    } catch (error) {
      const delay = OUTCOME_RETRY_DELAYS_MS[attempt];
      if (
        !(error instanceof DatabaseUnavailableError) ||
        delay === undefined ||
        Date.now() - started + delay > OUTCOME_WRITE_BUDGET_MS
      ) {
        console.error(
          `[submit] the outcome of submission ${id} could not be written to the audit log:`,
          error instanceof Error ? error.message : error,
        );
        break;
      }
      await sleep(delay);
    }
  }
  try {
    writeJournalEntry({ submissionId: id, recordedAt: new Date().toISOString(), interpretation, response });
    return "journal";
  } catch (error) {
    // Last resort: the server's log keeps what Spectrum answered (the token was scrubbed by the client).
    console.error(
      `[submit] the outcome of submission ${id} could not be journaled either (${error instanceof Error ? error.message : error}); Spectrum answered:`,
      JSON.stringify({
        state: interpretation.state,
        httpStatus: interpretation.httpStatus,
        message: interpretation.message,
      }),
    );
    return "lost";
  }
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
  const deadline = Date.now() + env.timeoutMs + OUTCOME_WRITE_BUDGET_MS + 2_000;
  while (current?.state === "pending" && Date.now() < deadline) {
    await sleep(200);
    current = await getSubmission({ id: first.id });
  }
  return { ok: true, data: { submission: current ?? first, replayed: true } };
}
