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
 * The history filtered by batch with the real runner and the sandbox: a PO refused with a 403 and sent again under
 * a derived key, a PO skipped as already sent, a blocked PO; the filter gives exactly the submissions the batch
 * made, and each of them names the batch.
 */

const TOKEN = "bulk-history-runner-token-3f1e";
const OPERATOR = { id: "op-1", name: "Olive Operator", email: "olive@example.test" };
const ORDERS = [
  { purchaseOrderNumber: "BH-OK", description: "", recipeSetReadableIds: ["OK1", "OK2"] },
  { purchaseOrderNumber: "BH-DUP", description: "", recipeSetReadableIds: ["DUP1"] },
  { purchaseOrderNumber: "FAULT-403ONCE-BH", description: "", recipeSetReadableIds: ["F1"] },
];

let db: TempDatabase;
let sandbox: Sandbox;
let restoreEnv: () => void;
let runner: typeof import("@/lib/bulk/runner");
let batches: typeof import("@/lib/db/batches");
let batchList: typeof import("@/lib/db/batch-list");
let history: typeof import("@/lib/db/history");
let prepare: typeof import("@/lib/bulk/prepare");
let kinds: typeof import("@/lib/spectrum/kinds");
let submit: typeof import("@/lib/spectrum/submit");

beforeAll(async () => {
  db = createTempDatabase("bulk-history-runner");
  sandbox = createSandbox({ token: TOKEN, orders: ORDERS });
  const url = await sandbox.listen();
  restoreEnv = cleanEnv({
    DATABASE_URL: db.url,
    SPECTRUM_BASE_URL: url,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_TIMEOUT_MS: "2000",
  });
  vi.resetModules();
  runner = await import("@/lib/bulk/runner");
  batches = await import("@/lib/db/batches");
  batchList = await import("@/lib/db/batch-list");
  history = await import("@/lib/db/history");
  prepare = await import("@/lib/bulk/prepare");
  kinds = await import("@/lib/spectrum/kinds");
  submit = await import("@/lib/spectrum/submit");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await sandbox?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

const mapping = { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 };

type Batch = NonNullable<Awaited<ReturnType<typeof batches.getBatch>>>;

/** Kicks the runner until the batch is what `check` wants. */
async function runUntil(id: number, check: (batch: Batch) => boolean): Promise<Batch> {
  for (let i = 0; i < 150; i++) {
    runner.kickBatchRunner();
    const batch = await batches.getBatch(id);
    if (batch && check(batch)) return batch;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`batch ${id} did not get there`);
}

type Stored = { id: number; idempotencyKey: string; purchaseOrderNumber: string; httpStatus: number | null };
const stored = () =>
  db.use(
    (c) =>
      c
        .prepare("SELECT id, idempotencyKey, purchaseOrderNumber, httpStatus FROM Submission ORDER BY id")
        .all() as Stored[],
  );

describe("the history filtered by a batch the runner sent", () => {
  it("holds the refused attempt and its retry, not the earlier send a skipped PO points at", async () => {
    // Sent at the form first: the batch's BH-DUP row is skipped as already sent.
    const form = await submit.submitToSpectrum({
      kind: "tracking",
      idempotencyKey: crypto.randomUUID(),
      purchaseOrderNumber: "BH-DUP",
      body: { purchaseOrderNumber: "BH-DUP", lineItems: [{ recipeSetReadableId: "DUP1", shipmentTracking: "1ZDUP" }] },
      operator: OPERATOR,
    });
    expect(form.ok).toBe(true);
    const formId = stored()[0]!.id;

    const rows = [
      ["BH-OK", "OK1", "1ZOK"],
      ["BH-OK", "OK2", "1ZOK"],
      ["BH-DUP", "DUP1", "1ZDUP"],
      ["FAULT-403ONCE-BH", "F1", "1Z403"],
      ["BH-BAD", "B 1", "1ZBAD"],
    ];
    const prepared = prepare.prepareBatch(kinds.KINDS.tracking, { rows, mapping });
    if (!prepared.ok) throw new Error(prepared.message);
    const id = await batches.createBatch({
      kind: "tracking",
      environment: "Sandbox",
      operator: OPERATOR,
      sourceName: "day.csv",
      rowCount: rows.length,
      columns: ["PO", "Recipe", "Tracking"],
      includeAlreadySent: false,
      items: prepared.items,
    });

    // The 403 holds the batch; as if its 60 s had passed, the PO goes once more under a derived key.
    await runUntil(id, (b) => b.items.some((i) => i.purchaseOrderNumber === "FAULT-403ONCE-BH" && !!b.stateMessage));
    db.use(
      (c) => {
        c.prepare("UPDATE Batch SET waitUntil = 1 WHERE id = ?").run(id);
        c.prepare("UPDATE SpectrumHealth SET last403At = 1 WHERE last403At IS NOT NULL").run();
      },
      { writable: true },
    );
    const done = await runUntil(id, (b) => b.state === "done");
    expect(done.items.map((i) => [i.purchaseOrderNumber, i.state])).toEqual([
      ["BH-OK", "succeeded"],
      ["BH-DUP", "skipped"],
      ["FAULT-403ONCE-BH", "succeeded"],
      ["BH-BAD", "blocked"],
    ]);
    // The skipped item points at the form's send, which the batch did not make.
    expect(done.items[1]!.submissionId).toBe(formId);

    const all = stored();
    const ok = all.filter((s) => s.purchaseOrderNumber === "BH-OK");
    const fault = all.filter((s) => s.purchaseOrderNumber === "FAULT-403ONCE-BH");
    expect(ok).toHaveLength(1);
    expect(fault.map((s) => s.httpStatus)).toEqual([403, 200]);
    expect(fault[0]!.idempotencyKey).not.toBe(fault[1]!.idempotencyKey);
    const batchMade = [ok[0]!.id, fault[0]!.id, fault[1]!.id].sort((a, b) => a - b);

    const page = await history.listHistory({ batch: String(id) }, {}, 100);
    expect(page.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(batchMade);
    expect(await history.countHistory({ batch: String(id) })).toBe(3);
    for (const s of all) {
      expect(await batchList.batchOfSubmission(s), `submission ${s.id}`).toBe(s.id === formId ? null : id);
    }
  });
});
