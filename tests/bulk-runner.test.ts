import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

/**
 * The batch runner against a real database file and the sandbox: each PO sent once through submitToSpectrum,
 * blocked POs never, rows already sent skipped (or included, with their warnings recorded), and an item a stopped
 * process left "sending" never sent twice.
 */

const TOKEN = "bulk-runner-token-7a2c";
const OPERATOR = { id: "op-1", name: "Olive Operator", email: "olive@example.test" };
const ORDERS = [
  { purchaseOrderNumber: "BULK-1", description: "", recipeSetReadableIds: ["B1A", "B1B"] },
  { purchaseOrderNumber: "BULK-2", description: "", recipeSetReadableIds: ["B2A"] },
  { purchaseOrderNumber: "BULK-3", description: "", recipeSetReadableIds: ["B3A"] },
  { purchaseOrderNumber: "BULK-R1", description: "", recipeSetReadableIds: ["R1A"] },
  { purchaseOrderNumber: "BULK-R2", description: "", recipeSetReadableIds: ["R2A"] },
];

let db: TempDatabase;
let sandbox: Sandbox;
let restoreEnv: () => void;
let runner: typeof import("@/lib/bulk/runner");
let batches: typeof import("@/lib/db/batches");
let prepare: typeof import("@/lib/bulk/prepare");
let kinds: typeof import("@/lib/spectrum/kinds");

beforeAll(async () => {
  db = createTempDatabase("bulk-runner");
  sandbox = createSandbox({ token: TOKEN, orders: ORDERS });
  const url = await sandbox.listen();
  restoreEnv = cleanEnv({});
  cleanEnv({
    DATABASE_URL: db.url,
    SPECTRUM_BASE_URL: url,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_TIMEOUT_MS: "2000",
  });
  vi.resetModules();
  runner = await import("@/lib/bulk/runner");
  batches = await import("@/lib/db/batches");
  prepare = await import("@/lib/bulk/prepare");
  kinds = await import("@/lib/spectrum/kinds");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await sandbox?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

const mapping = { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 };
const requestsFor = (po: string) => sandbox.recorded.filter((r) => r.purchaseOrderNumber === po);

async function batchOf(rows: string[][], includeAlreadySent = false): Promise<number> {
  const prepared = prepare.prepareBatch(kinds.KINDS.tracking, { rows, mapping });
  if (!prepared.ok) throw new Error(prepared.message);
  return batches.createBatch({
    kind: "tracking",
    environment: "Sandbox",
    operator: OPERATOR,
    sourceName: "day.csv",
    rowCount: rows.length,
    columns: ["PO", "Recipe", "Tracking"],
    includeAlreadySent,
    items: prepared.items,
  });
}

async function runToEnd(id: number) {
  runner.kickBatchRunner();
  for (let i = 0; i < 100; i++) {
    const batch = await batches.getBatch(id);
    if (batch && batch.state !== "running") return batch;
    await new Promise((r) => setTimeout(r, 100));
    runner.kickBatchRunner();
  }
  throw new Error(`batch ${id} did not finish`);
}

describe("the batch runner", () => {
  it("sends each ready PO once, with the operator recorded, and never a blocked one", async () => {
    const id = await batchOf([
      ["BULK-1", "B1A", "1Z1"],
      ["BULK-2", "B2A", "1Z2"],
      ["BULK-1", "B1B", "1Z1"],
      ["BULK-3", "B3 A", "1Z3"],
    ]);
    const batch = await runToEnd(id);
    expect(batch.state).toBe("done");
    expect(batch.items.map((i) => [i.purchaseOrderNumber, i.state])).toEqual([
      ["BULK-1", "succeeded"],
      ["BULK-2", "succeeded"],
      ["BULK-3", "blocked"],
    ]);
    expect(requestsFor("BULK-1")).toHaveLength(1);
    expect(JSON.parse(requestsFor("BULK-1")[0]!.body).lineItems).toHaveLength(2);
    expect(requestsFor("BULK-2")).toHaveLength(1);
    expect(requestsFor("BULK-3")).toHaveLength(0);
    const operator = db.use(
      (c) =>
        c.prepare("SELECT operatorEmail FROM Submission WHERE id = ?").get(batch.items[0]!.submissionId) as {
          operatorEmail: string;
        },
    );
    expect(operator.operatorEmail).toBe(OPERATOR.email);
  });

  it("skips rows already sent with the same value; including them sends with the warnings recorded", async () => {
    const rows = [["BULK-2", "B2A", "1Z2"]];
    const skipped = await runToEnd(await batchOf(rows));
    expect(skipped.items[0]!.state).toBe("skipped");
    expect(requestsFor("BULK-2")).toHaveLength(1);

    const included = await runToEnd(await batchOf(rows, true));
    expect(included.items[0]!.state).toBe("succeeded");
    expect(requestsFor("BULK-2")).toHaveLength(2);
    const warnings = db.use(
      (c) =>
        c.prepare("SELECT code FROM SubmissionWarning WHERE submissionId = ?").all(included.items[0]!.submissionId) as {
          code: string;
        }[],
    );
    expect(warnings.map((w) => w.code)).toEqual(["already_sent"]);
  });

  it("an item a stopped process left sending is sent if nothing was written, and never resent if it was", async () => {
    const id = await batchOf([
      ["BULK-R1", "R1A", "1Z9"],
      ["BULK-R2", "R2A", "1Z8"],
    ]);
    await batches.setBatchState(id, ["running"], "paused");
    const batch = (await batches.getBatch(id))!;
    const [r1, r2] = batch.items;
    db.use(
      (c) => {
        // Both left "sending" long ago; R2's submission had been written (pending) when the process died.
        c.prepare(`UPDATE BatchItem SET state = 'sending', updatedAt = 0 WHERE batchId = ?`).run(id);
        const key = (
          c.prepare("SELECT idempotencyKey FROM BatchItem WHERE id = ?").get(r2!.id) as { idempotencyKey: string }
        ).idempotencyKey;
        c.prepare(
          `INSERT INTO Submission (kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey, state, lineCount, createdAt)
           VALUES ('tracking', 'Sandbox', 'x', 'BULK-R2', '{}', 'h', ?, 'pending', 1, 0)`,
        ).run(key);
      },
      { writable: true },
    );
    await batches.setBatchState(id, ["paused"], "running");
    const done = await runToEnd(id);
    expect(done.items.find((i) => i.id === r1!.id)!.state).toBe("succeeded");
    expect(done.items.find((i) => i.id === r2!.id)!.state).toBe("interrupted");
    expect(requestsFor("BULK-R1")).toHaveLength(1);
    expect(requestsFor("BULK-R2")).toHaveLength(0);
  });
});
