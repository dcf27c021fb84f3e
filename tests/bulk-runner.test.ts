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
  { purchaseOrderNumber: "FAULT-403ONCE-B1", description: "", recipeSetReadableIds: ["F1A"] },
  { purchaseOrderNumber: "FAULT-403-B2", description: "", recipeSetReadableIds: ["F2A"] },
  { purchaseOrderNumber: "BULK-Q1", description: "", recipeSetReadableIds: ["Q1A"] },
  { purchaseOrderNumber: "BULK-Q2", description: "", recipeSetReadableIds: ["Q2A"] },
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

/** Waits (kicking the runner) until the batch is what `check` wants. */
async function runUntil(
  id: number,
  check: (batch: NonNullable<Awaited<ReturnType<typeof batches.getBatch>>>) => boolean,
) {
  for (let i = 0; i < 100; i++) {
    runner.kickBatchRunner();
    const batch = await batches.getBatch(id);
    if (batch && check(batch)) return batch;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`batch ${id} did not get there`);
}

/** As if the 60 s after a 403 had passed: the batch's hold and Spectrum's wait on the endpoint both end. */
function let60SecondsPass(id: number) {
  db.use(
    (c) => {
      c.prepare("UPDATE Batch SET waitUntil = ? WHERE id = ?").run(1, id);
      c.prepare("UPDATE SpectrumHealth SET last403At = ? WHERE last403At IS NOT NULL").run(1);
    },
    { writable: true },
  );
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
        c.prepare(`UPDATE BatchItem SET state = 'sending', updatedAt = ? WHERE batchId = ?`).run(0, id);
        const key = (
          c.prepare("SELECT idempotencyKey FROM BatchItem WHERE id = ?").get(r2!.id) as { idempotencyKey: string }
        ).idempotencyKey;
        c.prepare(
          `INSERT INTO Submission (kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey, state, lineCount, createdAt)
           VALUES ('tracking', 'Sandbox', 'x', 'BULK-R2', '{}', 'h', ?, 'pending', 1, ?)`,
        ).run(key, 0);
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

  it("a 403 holds the batch 60 s, then sends that PO once more as a resubmission of the refused one", async () => {
    const id = await batchOf([["FAULT-403ONCE-B1", "F1A", "1Z403"]]);
    const held = await runUntil(id, (b) => b.items[0]!.state === "queued" && !!b.stateMessage);
    expect(held.state).toBe("running");
    expect(held.stateMessage).toMatch(/^Waiting until \d\d:\d\d:\d\d UTC: Spectrum answered 403/);
    expect(held.items[0]!.message).toMatch(/sent once more after a 60 s wait/);
    expect(requestsFor("FAULT-403ONCE-B1")).toHaveLength(1);
    // Nothing more while the hold lasts.
    runner.kickBatchRunner();
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsFor("FAULT-403ONCE-B1")).toHaveLength(1);

    let60SecondsPass(id);
    const done = await runToEnd(id);
    expect(done.state).toBe("done");
    expect(done.stateMessage).toBeNull();
    expect(done.items[0]!.state).toBe("succeeded");
    const [first, second] = requestsFor("FAULT-403ONCE-B1");
    expect(second!.body).toBe(first!.body);
    const stored = db.use(
      (c) =>
        c
          .prepare(
            "SELECT id, state, httpStatus, resubmitOfId, idempotencyKey FROM Submission WHERE purchaseOrderNumber = ? ORDER BY id",
          )
          .all("FAULT-403ONCE-B1") as {
          id: number;
          state: string;
          httpStatus: number;
          resubmitOfId: number | null;
          idempotencyKey: string;
        }[],
    );
    expect(stored.map((s) => [s.httpStatus, s.resubmitOfId])).toEqual([
      [403, null],
      [200, stored[0]!.id],
    ]);
    expect(stored[1]!.idempotencyKey).not.toBe(stored[0]!.idempotencyKey);
    expect(done.items[0]!.submissionId).toBe(stored[1]!.id);
  });

  it("a second 403 pauses the batch: refused twice, the PO waits in the queue for Resume", async () => {
    const id = await batchOf([
      ["FAULT-403-B2", "F2A", "1Z4032"],
      ["BULK-Q1", "Q1A", "1ZQ1"],
    ]);
    await runUntil(id, (b) => !!b.stateMessage);
    let60SecondsPass(id);
    const paused = await runUntil(id, (b) => b.state === "paused");
    expect(paused.stateMessage).toBe(runner.REFUSED_TWICE);
    expect(paused.stateMessage).toMatch(/Spectrum refused twice: rate limit or token/);
    expect(paused.items.map((i) => i.state)).toEqual(["queued", "queued"]);
    expect(requestsFor("FAULT-403-B2")).toHaveLength(2);
    expect(requestsFor("BULK-Q1")).toHaveLength(0);
    let60SecondsPass(id);
    await batches.setBatchState(id, ["paused"], "running");
    await runUntil(id, (b) => b.state !== "running" || !!b.stateMessage);
    // Resume tries the refused PO once more (a third call), and holds again on its 403.
    expect(requestsFor("FAULT-403-B2")).toHaveLength(3);
    await batches.cancelBatch(id);
  });

  it("the runner leaves the reserve of the shared budget to the forms, and a spent budget sends nothing", async () => {
    const limit = 90;
    const reserve = runner.BULK_RESERVE;
    expect(reserve).toBe(9);
    const fill = (count: number) =>
      db.use(
        (c) => {
          const now = Date.now();
          const put = c.prepare(
            "INSERT INTO RateSlot (endpoint, slot, takenAt) VALUES ('tracking', ?, ?) ON CONFLICT (endpoint, slot) DO UPDATE SET takenAt = excluded.takenAt",
          );
          for (let slot = 0; slot < limit; slot++) put.run(slot, slot < count ? now : 0);
        },
        { writable: true },
      );
    fill(limit - reserve);
    db.use((c) => c.prepare("UPDATE SpectrumHealth SET last403At = NULL").run(), { writable: true });
    const id = await batchOf([["BULK-Q2", "Q2A", "1ZQ2"]]);
    runner.kickBatchRunner();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(requestsFor("BULK-Q2")).toHaveLength(0);
    expect((await batches.getBatch(id))!.items[0]!.state).toBe("queued");
    await batches.setBatchState(id, ["running"], "paused");

    // A person at the form still sends, from the reserve.
    const submit = await import("@/lib/spectrum/submit");
    const send = (po: string, line: string) =>
      submit.submitToSpectrum({
        kind: "tracking",
        idempotencyKey: crypto.randomUUID(),
        purchaseOrderNumber: po,
        body: { purchaseOrderNumber: po, lineItems: [{ recipeSetReadableId: line, shipmentTracking: "1ZFORM" }] },
        operator: OPERATOR,
        confirmedWarnings: [],
      });
    const fromForm = await send("BULK-Q2", "Q2A");
    expect(fromForm).toMatchObject({ ok: true });
    expect(requestsFor("BULK-Q2")).toHaveLength(1);

    fill(limit);
    const refused = await send("BULK-Q1", "Q1A");
    expect(refused).toMatchObject({ ok: false, refusal: { reason: "rate_limit" } });
    expect(refused.ok ? "" : refused.message).toMatch(
      /keeps under Spectrum's rate limit \(90 requests per minute, shared by every server\). Try again in \d+ s\./,
    );
    expect(requestsFor("BULK-Q1")).toHaveLength(0);
    fill(0);
    await batches.cancelBatch(id);
  });
});

describe("lease claiming", () => {
  it("concurrent claims take different items; a renewed lease holds, a lapsed one is taken over once", async () => {
    const id = await batchOf([
      ["LEASE-1", "X1", "1Z1"],
      ["LEASE-2", "X2", "1Z2"],
      ["LEASE-3", "X3", "1Z3"],
    ]);
    await batches.setBatchState(id, ["running"], "paused"); // the runner stays out of it
    const claims = await Promise.all(["a", "b", "c", "d"].map((owner) => batches.claimNextItem(id, owner, 60_000)));
    const taken = claims.filter((c) => c !== null);
    expect(taken.map((c) => c.item.purchaseOrderNumber).sort()).toEqual(["LEASE-1", "LEASE-2", "LEASE-3"]);
    expect(taken.every((c) => !c.resumed)).toBe(true);
    expect(claims.filter((c) => c === null)).toHaveLength(1);
    const [first] = taken;
    const owner = ["a", "b", "c", "d"][claims.indexOf(first!)]!;

    // Another process cannot record an outcome for an item it does not hold, nor renew its lease.
    expect(await batches.finishItem(first!.item.id, "intruder", { state: "succeeded", message: null })).toBe(false);
    expect(await batches.renewLease(first!.item.id, "intruder", 60_000)).toBe(false);
    expect(await batches.renewLease(first!.item.id, owner, 60_000)).toBe(true);
    expect(await batches.claimNextItem(id, "e", 60_000)).toBeNull();

    // Its lease runs out (the process died): one of two processes takes it over, as resumed.
    db.use((c) => c.prepare("UPDATE BatchItem SET leaseUntil = ? WHERE id = ?").run(1, first!.item.id), {
      writable: true,
    });
    const [x, y] = await Promise.all([batches.claimNextItem(id, "x", 60_000), batches.claimNextItem(id, "y", 60_000)]);
    const takeovers = [x, y].filter((c) => c !== null);
    expect(takeovers).toHaveLength(1);
    expect(takeovers[0]).toMatchObject({ resumed: true, item: { id: first!.item.id } });
    // The old owner's late outcome is refused; the new owner's is recorded.
    expect(await batches.finishItem(first!.item.id, owner, { state: "succeeded", message: "late" })).toBe(false);
    const newOwner = x ? "x" : "y";
    expect(await batches.finishItem(first!.item.id, newOwner, { state: "interrupted", message: "taken over" })).toBe(
      true,
    );
    expect((await batches.getBatch(id))!.items.find((i) => i.id === first!.item.id)).toMatchObject({
      state: "interrupted",
      message: "taken over",
    });

    // Shutting down lets go of every item a process holds: another takes them over at once.
    const held = taken.filter((c) => c !== first).map((c) => c.item.id);
    const holders = claims.map((c, i) => (c && c !== first ? ["a", "b", "c", "d"][i]! : null)).filter(Boolean);
    for (const holder of holders) expect(await batches.releaseLeases(holder!)).toBe(1);
    const again = await batches.claimNextItem(id, "z", 60_000);
    expect(again?.resumed).toBe(true);
    expect(held).toContain(again!.item.id);
    await batches.cancelBatch(id);
  });
});
