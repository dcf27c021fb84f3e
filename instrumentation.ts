/**
 * Runs once when the server starts: journaled outcomes are written to the audit log and submissions a crash left
 * pending become "interrupted"; the same recovery then runs periodically, so a quick restart (or another
 * process's crash, on a shared database) is caught without waiting for the next start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { scheduleAuditRecovery } = await import("./lib/db/recovery");
  await scheduleAuditRecovery();
  // Running batches (/bulk) carry on after a restart: the runner picks them up now and every 10 s.
  const { scheduleBatchRunner } = await import("./lib/bulk/runner");
  scheduleBatchRunner();
}
