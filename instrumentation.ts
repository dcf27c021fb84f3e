/**
 * Runs once when the server starts: journaled outcomes are written to the audit log and submissions a crash left
 * pending become "interrupted"; the same recovery then runs periodically, so a quick restart (or another
 * process's crash, on a shared database) is caught without waiting for the next start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { scheduleAuditRecovery } = await import("./lib/db/recovery");
  await scheduleAuditRecovery();
  // Records written before the audit chain existed are sealed into it once, in the background.
  const { sealLegacyRecords } = await import("./lib/audit-chain/chain");
  void sealLegacyRecords().then(
    (sealed) => sealed > 0 && console.warn(`[audit] ${sealed} earlier record(s) sealed into the audit chain`),
    (error: unknown) =>
      console.error("[audit] sealing earlier records failed:", error instanceof Error ? error.message : error),
  );
  // Running batches (/bulk) carry on after a restart: the runner picks them up now and every 10 s.
  const { scheduleBatchRunner, stopBatchRunner } = await import("./lib/bulk/runner");
  scheduleBatchRunner();

  // SIGTERM/SIGINT: refuse new sends, let those under way finish (up to Spectrum's timeout and the outcome's write),
  // stop the batch runner and release its leases, then let Next.js close the server and exit.
  const { drainSends, installShutdown } = await import("./lib/shutdown");
  const { env } = await import("./lib/env.mjs");
  const { OUTCOME_WRITE_BUDGET_MS } = await import("./lib/spectrum/submit");
  const { logger } = await import("./lib/log");
  installShutdown(async (signal) => {
    const waitMs = env.timeoutMs + OUTCOME_WRITE_BUDGET_MS + 1_000;
    logger.info({ event: "shutdown", signal, waitMs }, "stopping: new sends refused, waiting for those under way");
    const [sends] = await Promise.all([drainSends(waitMs), stopBatchRunner(waitMs)]);
    logger.info({ event: "shutdown", signal, ...sends }, "sends under way finished; batch leases released");
  });
}
