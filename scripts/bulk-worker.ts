// One server process's batch runner without the web server, for tests/bulk-workers.test.ts and
// scripts/bench-bulk-send.ts:
//   node --conditions=react-server --import tsx scripts/bulk-worker.ts <batchId> <leaseMs>
// Works on the batch (with the other workers on the same DATABASE_URL) until it is no longer running, then prints
// what it did as JSON. SPECTRUM_* name the sandbox.
const { runBatch } = await import("../lib/bulk/runner");
const { batchRunInfo } = await import("../lib/db/batches");
const [batchId, leaseMs] = process.argv.slice(2).map(Number);
const owner = `worker-${process.pid}`;
let sent = 0;
console.log(JSON.stringify({ started: owner }));
for (;;) {
  await runBatch(batchId!, { owner, leaseMs, onItem: (_po, wasSent) => void (wasSent && sent++) });
  const info = await batchRunInfo(batchId!);
  if (!info || info.state !== "running") break;
  await new Promise((r) => setTimeout(r, 100));
}
console.log(JSON.stringify({ done: owner, sent }));
process.exit(0);
export {};
