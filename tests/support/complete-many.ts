// A second server process for tests/audit-chain.test.ts: writes `count` pending submissions and completes them,
// `concurrency` at a time, through the app's own audit module (so each completion seals its chain entry), on the
// database DATABASE_URL names. Prints {"completed": n} when done.
import { randomUUID } from "node:crypto";

const [count = "100", concurrency = "20", prefix = "CHILD"] = process.argv.slice(2);
const audit = await import("../../lib/db/audit");
const { prisma } = await import("../../lib/db/client");

let next = 0;
let completed = 0;
async function worker() {
  while (next < Number(count)) {
    const i = next++;
    const purchaseOrderNumber = `${prefix}-${i}`;
    const lineItems = [{ recipeSetReadableId: `R-${prefix}-${i}`, shipmentTracking: `1Z${i}` }];
    const created = await audit.createPendingSubmission({
      kind: "tracking",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber,
      requestBody: JSON.stringify({ purchaseOrderNumber, lineItems }),
      requestHash: randomUUID(),
      idempotencyKey: randomUUID(),
      lineItems,
    });
    if (!created) throw new Error("idempotency key reused");
    const failed = i % 5 === 0;
    await audit.completeSubmission(
      created.id,
      {
        state: failed ? "failed" : "succeeded",
        httpStatus: failed ? 500 : 200,
        spectrumStatus: failed ? "Error" : "OK",
        spectrumDetails: failed ? "Internal error" : "Updated",
        message: failed ? "Spectrum failed." : "Spectrum updated all 1 line items.",
        notFoundIds: [],
        lines: [{ outcome: failed ? "failed" : "updated", message: failed ? "Failed" : "Updated" }],
      },
      { bodyText: "{}", truncated: false, durationMs: 5 },
    );
    completed++;
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
await prisma.$disconnect();
console.log(JSON.stringify({ completed }));
