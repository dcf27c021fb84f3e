import "server-only";
import { env } from "@/lib/env.mjs";
import { completeSubmission, recoverInterruptedSubmissions, SubmissionNotPendingError } from "./audit";
import { ensureJournalReserve, journaledSubmissionIds, readJournal, removeJournalEntry } from "./outcome-journal";

/**
 * How long after Spectrum's timeout a pending submission can still be completing in a live process: the outcome
 * write's retries (OUTCOME_WRITE_BUDGET_MS) and one database deadline, with room to spare.
 */
export const RECOVERY_MARGIN_MS = 20_000;
/** How often every server process runs the recovery (well under the minute a quick restart may leave). */
export const RECOVERY_INTERVAL_MS = 15_000;

export interface RecoveryReport {
  /** outcomes moved from the journal into the database */
  replayed: number;
  /** pending submissions marked interrupted */
  interrupted: number;
  /** journal entries still waiting (the database refused them again) */
  waiting: number;
}

/**
 * Moves journaled outcomes into the database, then marks submissions pending for longer than Spectrum's timeout
 * plus the margin as interrupted, except those whose answer is in the journal. Safe to run in several processes
 * at once: both steps only move a submission out of pending.
 */
export async function runAuditRecovery(olderThanMs = env.timeoutMs + RECOVERY_MARGIN_MS): Promise<RecoveryReport> {
  const { entries, unreadable } = readJournal();
  for (const name of unreadable)
    console.error(`[audit] outcome journal entry ${name} is unreadable; left in place for an admin`);
  let replayed = 0;
  let waiting = 0;
  for (const entry of entries) {
    try {
      await completeSubmission(entry.submissionId, entry.interpretation, entry.response);
      replayed++;
    } catch (error) {
      if (!(error instanceof SubmissionNotPendingError)) {
        waiting = entries.length - replayed;
        break;
      }
      // Already recorded (by another process replaying the same entry): nothing left to do.
    }
    removeJournalEntry(entry.submissionId);
  }
  if (waiting === 0) ensureJournalReserve();
  const interrupted = await recoverInterruptedSubmissions(olderThanMs, journaledSubmissionIds());
  return { replayed, interrupted, waiting };
}

const globalForRecovery = globalThis as unknown as { auditRecovery?: NodeJS.Timeout };

/**
 * Runs the recovery now, once more when everything in flight before a quick restart has passed the threshold,
 * then every RECOVERY_INTERVAL_MS; resolves after the first run. Failures are logged and retried on the next run.
 */
export async function scheduleAuditRecovery(): Promise<void> {
  if (globalForRecovery.auditRecovery) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runAuditRecovery();
      if (report.replayed > 0)
        console.warn(`[audit] ${report.replayed} outcome(s) moved from the outcome journal into the audit log`);
      if (report.interrupted > 0)
        console.warn(`[audit] ${report.interrupted} submission(s) left pending marked interrupted`);
      if (report.waiting > 0)
        console.error(
          `[audit] ${report.waiting} outcome(s) still wait in the outcome journal: the audit log refuses writes`,
        );
    } catch (error) {
      console.error("[audit] recovery failed; retrying later:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  globalForRecovery.auditRecovery = setInterval(run, RECOVERY_INTERVAL_MS);
  globalForRecovery.auditRecovery.unref();
  setTimeout(run, env.timeoutMs + RECOVERY_MARGIN_MS + 1_000).unref();
  await run();
}
