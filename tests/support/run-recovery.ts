// One server process's recovery pass, run as its own process by tests/recovery.test.ts:
//   tsx --conditions=react-server tests/support/run-recovery.ts <olderThanMs>
// Prints the report as JSON.
const { runAuditRecovery } = await import("../../lib/db/recovery");
const report = await runAuditRecovery(Number(process.argv[2]));
console.log(JSON.stringify(report));
process.exit(0);
export {};
