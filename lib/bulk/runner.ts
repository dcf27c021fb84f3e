import "server-only";
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import { getSubmission } from "@/lib/db/audit";
import {
  batchRunInfo,
  claimNextItem,
  finishBatchIfDone,
  finishItem,
  releaseLeases,
  renewLease,
  requeueItem,
  runningBatchIds,
  setBatchState,
  setBatchWait,
} from "@/lib/db/batches";
import { loadSendGuard } from "@/lib/db/guard";
import { env } from "@/lib/env.mjs";
import { lineWarnings, type LineWarning } from "@/lib/guard/warnings";
import { withLogContext } from "@/lib/log";
import { releaseSpectrumSlot, takeSpectrumSlot } from "@/lib/spectrum/limiter";
import { submitToSpectrum } from "@/lib/spectrum/submit";
import type { SubmissionKind } from "@/lib/spectrum/types";
import type { BatchItemState } from "./model";

/**
 * The batch runner: in each server process, one loop that sends the running batches' items one at a time, each
 * through the one send path (submitToSpectrum: write-ahead audit, the operator recorded, history and the attention
 * queue as for any send).
 *
 * - Several processes on one database share the work: an item is claimed with a conditional update and a lease
 *   that its process renews while the call is in flight. An item whose lease ran out (its process died) is taken
 *   over: sent if nothing of it was written, else recorded as what was written (interrupted when pending), never
 *   sent again. Each attempt's idempotency key is derived from the item, so nothing can send a PO twice.
 * - Each call takes a slot of the rate budget all processes share (lib/db/rate-budget.ts), leaving BULK_RESERVE
 *   per minute to people at the form.
 * - A 403 holds the batch for 60 s, then sends that PO once more; a second 403 pauses the batch. Three failures
 *   in a row (5xx, transport) pause it with the reason.
 */

/** Calls per endpoint and minute the runner leaves for single sends. */
export const BULK_RESERVE = Math.min(10, Math.floor(env.rateLimitPerMinute / 10));
/** Calls per minute a batch can make: the estimate of its finish. */
export const bulkCallsPerMinute = () => Math.max(1, env.rateLimitPerMinute - BULK_RESERVE);
/** This process, as the owner of the items it claims. */
export const RUNNER_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
/** How long a claim lasts unless renewed; renewed every LEASE_MS / 4 while the item's call is in flight. */
export const LEASE_MS = 20_000;
/** Failures in a row (5xx, transport) that pause a batch. */
const FAILURES_TO_PAUSE = 3;
const RUNNER_INTERVAL_MS = 10_000;
/** The wait before an item is tried again after the audit log refused its write. */
const AUDIT_RETRY_MS = 2_000;
/** How long a batch is held after Spectrum answered 403 before the PO is sent once more. */
const WAIT_AFTER_403_MS = 60_000;

export const REFUSED_TWICE =
  "Paused: Spectrum refused twice: rate limit or token. Nothing more is sent until you press Resume; check the token and Spectrum's rate limit first.";

const SKIPPED_CODES: readonly string[] = ["already_sent", "same_status"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The idempotency key of an item's attempt: its own for the first, then one derived from it (UUID-shaped). */
export function attemptKey(idempotencyKey: string, attempt: number): string {
  if (attempt === 0) return idempotencyKey;
  const hex = createHash("sha256").update(`${idempotencyKey}:attempt:${attempt}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const state = globalThis as unknown as {
  bulkRunner?: { running: boolean; again: boolean; stopping: boolean; timer?: NodeJS.Timeout };
};
const runnerState = () => (state.bulkRunner ??= { running: false, again: false, stopping: false });

/** Starts the loop if it is not running (after a batch is created or resumed, at start and every 10 s). */
export function kickBatchRunner(): void {
  const runner = runnerState();
  if (runner.stopping) return;
  if (runner.running) {
    runner.again = true;
    return;
  }
  runner.running = true;
  void (async () => {
    try {
      do {
        runner.again = false;
        for (const id of await runningBatchIds()) {
          if (runner.stopping) break;
          await runBatch(id);
        }
      } while (runner.again && !runner.stopping);
    } catch (error) {
      console.error("[bulk] the batch runner stopped; retrying later:", error instanceof Error ? error.message : error);
    } finally {
      runner.running = false;
    }
  })();
}

/** From instrumentation.ts: picks up running batches at start (a restart resumes them) and every 10 s. */
export function scheduleBatchRunner(): void {
  const runner = runnerState();
  if (runner.timer) return;
  runner.timer = setInterval(kickBatchRunner, RUNNER_INTERVAL_MS);
  runner.timer.unref();
  kickBatchRunner();
}

/**
 * Stops this process's runner (at shutdown): no new item is claimed, and the leases of items not in flight are let
 * go at once. Returns when the loop has stopped, or after `waitMs`.
 */
export async function stopBatchRunner(waitMs: number): Promise<void> {
  const runner = runnerState();
  runner.stopping = true;
  if (runner.timer) clearInterval(runner.timer);
  const deadline = Date.now() + waitMs;
  while (runner.running && Date.now() < deadline) await sleep(50);
  await releaseLeases(RUNNER_ID).catch(() => 0);
}

/**
 * Runs one batch until it is done, paused, held or cancelled, or the process stops, or no item is left to claim
 * (other processes hold the last ones). Exported for the tests' worker processes, which pass a short lease.
 */
export async function runBatch(
  batchId: number,
  {
    owner = RUNNER_ID,
    leaseMs = LEASE_MS,
    onItem,
  }: { owner?: string; leaseMs?: number; onItem?: (purchaseOrderNumber: string, sent: boolean) => void } = {},
): Promise<void> {
  let failures = 0;
  for (;;) {
    if (runnerState().stopping) return;
    const info = await batchRunInfo(batchId);
    if (!info || info.state !== "running") return;
    if (info.waitUntil && info.waitUntil.getTime() > Date.now()) {
      // Held after a 403: look again when the hold ends (other batches go on meanwhile).
      setTimeout(kickBatchRunner, info.waitUntil.getTime() - Date.now() + 50).unref();
      return;
    }
    const kind = info.kind as SubmissionKind;
    // A slot of the shared budget first, leaving the reserve to the forms (a pause or cancel is seen within 1 s).
    const slot = await takeSpectrumSlot(kind, BULK_RESERVE);
    if (!slot.ok) {
      await sleep(Math.min(slot.retryAfterMs + 20, 1_000));
      continue;
    }
    let sent = false;
    try {
      const claim = await claimNextItem(batchId, owner, leaseMs);
      if (!claim) {
        await finishBatchIfDone(batchId);
        return;
      }
      const outcome = await withLogContext({ action: "bulk", batchId, operatorId: info.operatorId }, () =>
        sendItem(batchId, info, claim, { owner, leaseMs }, slot),
      );
      sent = outcome.sent;
      onItem?.(claim.item.purchaseOrderNumber, sent);
      if (outcome.kind === "stop") return;
      if (outcome.kind === "failure") {
        failures++;
        if (failures >= FAILURES_TO_PAUSE) {
          await setBatchState(
            batchId,
            ["running"],
            "paused",
            `Paused after ${failures} failures in a row: ${outcome.message}`,
          );
          return;
        }
      } else if (outcome.kind === "success") {
        failures = 0;
      }
    } finally {
      if (!sent) await releaseSpectrumSlot(kind, slot);
    }
  }
}

type ItemOutcome =
  | { kind: "success" | "other"; sent: boolean }
  | { kind: "failure"; sent: boolean; message: string }
  | { kind: "stop"; sent: boolean };

type RunInfo = NonNullable<Awaited<ReturnType<typeof batchRunInfo>>>;
type Claim = NonNullable<Awaited<ReturnType<typeof claimNextItem>>>;

/** Sends one claimed item (or records why not), renewing its lease while the call is in flight. */
async function sendItem(
  batchId: number,
  info: RunInfo,
  claim: Claim,
  { owner, leaseMs }: { owner: string; leaseMs: number },
  slot: { ok: true; slot: number; takenAt: number },
): Promise<ItemOutcome> {
  const item = claim.item;
  const kind = info.kind as SubmissionKind;
  const key = attemptKey(item.idempotencyKey, item.attempt);
  const finish = (outcome: Parameters<typeof finishItem>[2]) => finishItem(item.id, owner, outcome);

  if (claim.resumed) {
    // Its lease ran out (the process sending it stopped): if its submission was written, Spectrum may have it.
    const submission = await getSubmission({ idempotencyKey: key });
    if (submission) {
      await finish({
        state: submission.state === "pending" ? "interrupted" : (submission.state as BatchItemState),
        message:
          submission.state === "pending"
            ? `Was being sent when its server stopped: see submission #${submission.id} under Needs attention. Not sent again.`
            : submission.message,
        submissionId: submission.id,
      });
      return { kind: "other", sent: false };
    }
  }
  if (!item.body) {
    await finish({ state: "blocked", message: item.message ?? "Blocked." });
    return { kind: "other", sent: false };
  }

  // The "already sent" rules per purchase order: lines Spectrum has with the same value are skipped unless the
  // batch includes them; any other warning holds the order for a person to confirm at the form.
  const guard = await loadSendGuard({
    kind,
    purchaseOrderNumber: item.purchaseOrderNumber,
    environment: env.environmentName,
    endpoint: kind,
    excludeIdempotencyKey: key,
  });
  let body = item.body;
  let confirmed: LineWarning[] = [];
  // An earlier attempt of this very item (refused with 403) changed nothing: it is no reason to skip or hold.
  const earlier = guard.earlier.filter((line) => line.submissionId !== item.submissionId);
  const warnings = lineWarnings({ kind, lines: body.lineItems, earlier });
  if (info.includeAlreadySent) {
    confirmed = warnings;
  } else if (warnings.length > 0) {
    const skipped = new Set(warnings.filter((w) => SKIPPED_CODES.includes(w.code)).map((w) => w.line));
    const others = warnings.filter((w) => !skipped.has(w.line));
    if (others.length > 0) {
      await finish({
        state: "held",
        message: `Not sent: needs confirming at the form: ${others.map((w) => `${w.recipeSetReadableId}: ${w.text}`).join("; ")}`,
      });
      return { kind: "other", sent: false };
    }
    if (skipped.size === body.lineItems.length) {
      const first = warnings.find((w) => SKIPPED_CODES.includes(w.code));
      await finish({
        state: "skipped",
        message: `Skipped: every line already has this value in Spectrum (${first?.text ?? "already sent"}).`,
        submissionId: first?.submissionId ?? null,
      });
      return { kind: "other", sent: false };
    }
    if (skipped.size > 0) body = { ...body, lineItems: body.lineItems.filter((_, i) => !skipped.has(i)) };
  }

  // The lease is renewed while the call is in flight (up to Spectrum's timeout and the outcome's write).
  const heartbeat = setInterval(() => void renewLease(item.id, owner, leaseMs).catch(() => false), leaseMs / 4);
  let result: Awaited<ReturnType<typeof submitToSpectrum>>;
  try {
    result = await submitToSpectrum({
      kind,
      idempotencyKey: key,
      purchaseOrderNumber: item.purchaseOrderNumber,
      body,
      operator: { id: info.operatorId, name: info.operatorName, email: info.operatorEmail },
      confirmedWarnings: confirmed.map((w) => w.key),
      resubmitOfId: item.attempt > 0 && item.submissionId ? item.submissionId : undefined,
      slot,
    });
  } finally {
    clearInterval(heartbeat);
  }
  if (!result.ok) {
    const refusal = result.refusal?.reason;
    if (refusal === "warnings") {
      await finish({ state: "held", message: result.message });
      return { kind: "other", sent: false };
    }
    await requeueItem(item.id, owner);
    // This server is stopping: the item goes back to the queue for the next process, the batch runs on.
    if (refusal === "shutdown") return { kind: "stop", sent: false };
    if (refusal === "spectrum_wait" || refusal === "rate_limit") {
      // Spectrum's 60 s wait after a 403 (from any process), or the budget taken meanwhile: hold, then go on.
      const ms = result.refusal?.retryAfterMs ?? 1_000;
      if (refusal === "spectrum_wait") await holdBatch(batchId, ms);
      else await sleep(Math.min(ms, 1_000));
      return { kind: "other", sent: false };
    }
    if (refusal === "audit") {
      // The audit log refused the write (locked by a long write elsewhere, full): nothing was sent. Wait and try
      // again; it counts as a failure, so a log that stays unavailable pauses the batch with the reason.
      await sleep(AUDIT_RETRY_MS);
      return { kind: "failure", sent: false, message: result.message };
    }
    await setBatchState(batchId, ["running"], "paused", `Paused: ${result.message}`);
    return { kind: "stop", sent: false };
  }
  const submission = result.data.submission;
  if (submission.httpStatus === 403 && !result.data.replayed) {
    // Nothing in the order was updated. Once: hold the batch 60 s, then send this PO again under its next key.
    if (item.message !== FIRST_403_MESSAGE) {
      await requeueItem(item.id, owner, {
        attempt: item.attempt + 1,
        submissionId: submission.id,
        message: FIRST_403_MESSAGE,
      });
      await holdBatch(batchId, WAIT_AFTER_403_MS);
      return { kind: "other", sent: true };
    }
    await requeueItem(item.id, owner, {
      attempt: item.attempt + 1,
      submissionId: submission.id,
      message: REFUSED_TWICE,
    });
    await setBatchState(batchId, ["running"], "paused", REFUSED_TWICE);
    return { kind: "stop", sent: true };
  }
  const skippedNote =
    body.lineItems.length < item.body.lineItems.length
      ? ` (${item.body.lineItems.length - body.lineItems.length} line(s) already sent were skipped)`
      : "";
  await finish({
    state: submission.state as BatchItemState,
    message: `${submission.message ?? ""}${skippedNote}`.trim() || null,
    submissionId: submission.id,
  });
  if (submission.state === "failed" || submission.state === "unknown") {
    return { kind: "failure", sent: !result.data.replayed, message: submission.message ?? "Spectrum failed" };
  }
  return { kind: submission.state === "succeeded" ? "success" : "other", sent: !result.data.replayed };
}

const FIRST_403_MESSAGE = "Spectrum answered 403 (rate limit or token): sent once more after a 60 s wait.";

/** Holds a batch for `ms` after a 403, saying until when (in UTC, as the history's times). */
function holdBatch(batchId: number, ms: number) {
  const until = new Date(Date.now() + ms);
  const clock = until.toISOString().slice(11, 19);
  return setBatchWait(
    batchId,
    until,
    `Waiting until ${clock} UTC: Spectrum answered 403 (rate limit or token). The purchase order it refused is sent once more then; a second refusal pauses the batch.`,
  );
}
