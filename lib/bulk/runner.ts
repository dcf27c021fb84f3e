import "server-only";
import { getSubmission } from "@/lib/db/audit";
import {
  batchRunInfo,
  claimNextItem,
  finishBatchIfDone,
  finishItem,
  requeueItem,
  runningBatchIds,
  setBatchState,
} from "@/lib/db/batches";
import { loadSendGuard } from "@/lib/db/guard";
import { env } from "@/lib/env.mjs";
import { lineWarnings, type LineWarning } from "@/lib/guard/warnings";
import { limiter } from "@/lib/spectrum/limiter";
import { submitToSpectrum } from "@/lib/spectrum/submit";
import type { SubmissionKind } from "@/lib/spectrum/types";
import type { BatchItemState } from "./model";

/**
 * The batch runner: in each server process, one loop that sends the running batches' items one at a time, each
 * through the one send path (submitToSpectrum: write-ahead audit, the operator recorded, history and the attention
 * queue as for any send). It waits for the rate limiter before each call, leaving BULK_RESERVE calls per minute to
 * the forms, so a batch never takes Spectrum past its limit nor starves a person at the form.
 */

/** Calls per endpoint and minute the runner leaves for single sends. */
export const BULK_RESERVE = Math.min(10, Math.floor(env.rateLimitPerMinute / 10));
/** Calls per minute a batch can make: the estimate of its finish. */
export const bulkCallsPerMinute = () => Math.max(1, env.rateLimitPerMinute - BULK_RESERVE);
/** An item "sending" for longer than this was left by a process that stopped. */
const STALE_SENDING_MS = env.timeoutMs + 30_000;
/** Failures in a row (5xx, transport, 403) that pause a batch. */
const FAILURES_TO_PAUSE = 3;
const RUNNER_INTERVAL_MS = 10_000;

const SKIPPED_CODES: readonly string[] = ["already_sent", "same_status"];
const RATE_LIMIT_REFUSAL = "Not sent: this dashboard keeps under";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const state = globalThis as unknown as { bulkRunner?: { running: boolean; again: boolean; timer?: NodeJS.Timeout } };

/** Starts the loop if it is not running (after a batch is created or resumed, at start and every 10 s). */
export function kickBatchRunner(): void {
  const runner = (state.bulkRunner ??= { running: false, again: false });
  if (runner.running) {
    runner.again = true;
    return;
  }
  runner.running = true;
  void (async () => {
    try {
      do {
        runner.again = false;
        for (const id of await runningBatchIds()) await runBatch(id);
      } while (runner.again);
    } catch (error) {
      console.error("[bulk] the batch runner stopped; retrying later:", error instanceof Error ? error.message : error);
    } finally {
      runner.running = false;
    }
  })();
}

/** From instrumentation.ts: picks up running batches at start (a restart resumes them) and every 10 s. */
export function scheduleBatchRunner(): void {
  const runner = (state.bulkRunner ??= { running: false, again: false });
  if (runner.timer) return;
  runner.timer = setInterval(kickBatchRunner, RUNNER_INTERVAL_MS);
  runner.timer.unref();
  kickBatchRunner();
}

async function runBatch(batchId: number): Promise<void> {
  let failures = 0;
  for (;;) {
    const info = await batchRunInfo(batchId);
    if (!info || info.state !== "running") return;
    const kind = info.kind as SubmissionKind;
    // Wait for a slot before taking an item, leaving the reserve to the forms (a pause or cancel is seen within 1 s).
    const slot = limiter.available(kind, BULK_RESERVE);
    if (!slot.ok) {
      await sleep(Math.min(slot.retryAfterMs + 20, 1_000));
      continue;
    }
    const claim = await claimNextItem(batchId, STALE_SENDING_MS);
    if (!claim) {
      await finishBatchIfDone(batchId);
      return;
    }
    const item = claim.item;
    if (!item) continue;
    if (claim.resumed) {
      // Left "sending" by a process that stopped: if its submission was written, Spectrum may have it. Never resent.
      const submission = await getSubmission({ idempotencyKey: item.idempotencyKey });
      if (submission) {
        await finishItem(item.id, {
          state: submission.state === "pending" ? "interrupted" : (submission.state as BatchItemState),
          message:
            submission.state === "pending"
              ? `Was being sent when the server stopped: see submission #${submission.id} under Needs attention. Not sent again.`
              : submission.message,
          submissionId: submission.id,
        });
        continue;
      }
    }
    if (!item.body) {
      await finishItem(item.id, { state: "blocked", message: item.message ?? "Blocked." });
      continue;
    }

    // The "already sent" rules per purchase order: lines Spectrum has with the same value are skipped unless the
    // batch includes them; any other warning holds the order for a person to confirm at the form.
    const guard = await loadSendGuard({
      kind,
      purchaseOrderNumber: item.purchaseOrderNumber,
      environment: env.environmentName,
      endpoint: kind,
      excludeIdempotencyKey: item.idempotencyKey,
    });
    let body = item.body;
    let confirmed: LineWarning[] = [];
    const warnings = lineWarnings({ kind, lines: body.lineItems, earlier: guard.earlier });
    if (info.includeAlreadySent) {
      confirmed = warnings;
    } else if (warnings.length > 0) {
      const skipped = new Set(warnings.filter((w) => SKIPPED_CODES.includes(w.code)).map((w) => w.line));
      const others = warnings.filter((w) => !skipped.has(w.line));
      if (others.length > 0) {
        await finishItem(item.id, {
          state: "held",
          message: `Not sent: needs confirming at the form: ${others.map((w) => `${w.recipeSetReadableId}: ${w.text}`).join("; ")}`,
        });
        continue;
      }
      if (skipped.size === body.lineItems.length) {
        const first = warnings.find((w) => SKIPPED_CODES.includes(w.code));
        await finishItem(item.id, {
          state: "skipped",
          message: `Skipped: every line already has this value in Spectrum (${first?.text ?? "already sent"}).`,
          submissionId: first?.submissionId ?? null,
        });
        continue;
      }
      if (skipped.size > 0) body = { ...body, lineItems: body.lineItems.filter((_, i) => !skipped.has(i)) };
    }

    const result = await submitToSpectrum({
      kind,
      idempotencyKey: item.idempotencyKey,
      purchaseOrderNumber: item.purchaseOrderNumber,
      body,
      operator: { id: info.operatorId, name: info.operatorName, email: info.operatorEmail },
      confirmedWarnings: confirmed.map((w) => w.key),
    });
    if (!result.ok) {
      if (result.message.startsWith(RATE_LIMIT_REFUSAL)) {
        // A person at the form took the slot first: wait and send this item again.
        await requeueItem(item.id);
        await sleep(1_000);
        continue;
      }
      if (result.message.startsWith("Not sent: this warning")) {
        await finishItem(item.id, { state: "held", message: result.message });
        continue;
      }
      await requeueItem(item.id);
      await setBatchState(batchId, ["running"], "paused", `Paused: ${result.message}`);
      return;
    }
    const submission = result.data.submission;
    const skippedNote =
      body.lineItems.length < item.body.lineItems.length
        ? ` (${item.body.lineItems.length - body.lineItems.length} line(s) already sent were skipped)`
        : "";
    await finishItem(item.id, {
      state: submission.state as BatchItemState,
      message: `${submission.message ?? ""}${skippedNote}`.trim() || null,
      submissionId: submission.id,
    });
    if (submission.state === "failed" || submission.httpStatus === 403) {
      failures++;
      if (submission.httpStatus === 403 || failures >= FAILURES_TO_PAUSE) {
        await setBatchState(
          batchId,
          ["running"],
          "paused",
          submission.httpStatus === 403
            ? "Paused: Spectrum refused a call (403: rate limit or token). Resume when it answers again."
            : `Paused after ${failures} failures in a row: ${submission.message ?? "Spectrum failed"}`,
        );
        return;
      }
    } else {
      failures = 0;
    }
  }
}
