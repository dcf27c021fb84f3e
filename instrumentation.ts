/** Runs once when the server starts: submissions a crash left pending become "interrupted". */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recoverInterruptedSubmissions } = await import("./lib/db/audit");
  const { env } = await import("./lib/env.mjs");
  // Past the timeout (plus a margin) no request can still be in flight.
  const count = await recoverInterruptedSubmissions(env.timeoutMs + 5_000);
  if (count > 0) console.warn(`[audit] ${count} submission(s) left pending by an earlier crash marked interrupted`);
}
