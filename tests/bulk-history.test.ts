import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertSubmission } from "./support/audit-rows";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
  testProvider,
} from "./support/integration";

/**
 * Batches seen from the history and the bulk pages, on a real database file: the history filtered by batch (a
 * submission belongs to a batch by an item's idempotency key or by the submission an item recorded), the batch of a
 * submission.
 */

let db: TempDatabase;
let conn: Database.Database;
let restoreEnv: () => void;
let history: typeof import("@/lib/db/history");
let batchList: typeof import("@/lib/db/batch-list");

beforeAll(async () => {
  db = createTempDatabase("bulk-history");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url, SPECTRUM_ENVIRONMENT_NAME: "Sandbox" });
  vi.resetModules();
  history = await import("@/lib/db/history");
  batchList = await import("@/lib/db/batch-list");
  conn = db.open({ writable: true });
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  conn?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

let clock = Date.parse("2026-11-01T10:00:00Z");
const tick = () => (clock += 60_000);

/** A batch row as the bulk action stores it; returns its id. */
function insertBatch(createdAt = tick(), over: { sourceName?: string | null; state?: string } = {}): number {
  const { lastInsertRowid } = conn
    .prepare(
      `INSERT INTO "Batch" ("kind", "environment", "operatorId", "operatorName", "operatorEmail", "sourceName",
         "rowCount", "itemCount", "columns", "includeAlreadySent", "state", "createdAt", "updatedAt")
       VALUES ('tracking', 'Sandbox', 'op-1', 'Olive Operator', 'olive@example.test', ?, 1, 1, '[]', 0, ?, ?, ?)`,
    )
    .run(over.sourceName === undefined ? "carrier.csv" : over.sourceName, over.state ?? "done", createdAt, createdAt);
  return Number(lastInsertRowid);
}

let position = 0;
function insertItem(
  batchId: number,
  item: { idempotencyKey: string; submissionId?: number | null; po?: string; state?: string },
) {
  conn
    .prepare(
      `INSERT INTO "BatchItem" ("batchId", "position", "purchaseOrderNumber", "rows", "state", "idempotencyKey",
         "submissionId", "updatedAt")
       VALUES (?, ?, ?, '{"rows":[],"body":null}', ?, ?, ?, ?)`,
    )
    .run(
      batchId,
      position++,
      item.po ?? "PO",
      item.state ?? "succeeded",
      item.idempotencyKey,
      item.submissionId ?? null,
      Date.now(),
    );
}

const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);

describe("the history filtered by batch", () => {
  it("returns exactly the batch's submissions: by an item's key, and the one an item recorded (a derived key)", async () => {
    const batch = insertBatch();
    const other = insertBatch();
    // Item 1: its submission under the item's own key.
    const k1 = randomUUID();
    const s1 = insertSubmission(conn, { createdAt: tick(), idempotencyKey: k1, purchaseOrderNumber: "BH-1" });
    insertItem(batch, { idempotencyKey: k1, submissionId: s1 });
    // Item 2: a 403 under the item's key, then the retry under a derived key, which the item records.
    const k2 = randomUUID();
    const refused = insertSubmission(conn, {
      createdAt: tick(),
      idempotencyKey: k2,
      purchaseOrderNumber: "BH-2",
      state: "failed",
      httpStatus: 403,
    });
    const retried = insertSubmission(conn, {
      createdAt: tick(),
      idempotencyKey: `${k2}:retry`,
      purchaseOrderNumber: "BH-2",
    });
    insertItem(batch, { idempotencyKey: k2, submissionId: retried });
    // Item 3: queued, never sent; item 4: skipped, recording the earlier send made at the form it was skipped for.
    insertItem(batch, { idempotencyKey: randomUUID(), state: "queued" });
    const form = insertSubmission(conn, { createdAt: tick(), purchaseOrderNumber: "BH-3" });
    insertItem(batch, { idempotencyKey: randomUUID(), submissionId: form, state: "skipped", po: "BH-3" });
    // Another batch's submission of the same order: not this batch's.
    const k3 = randomUUID();
    const s3 = insertSubmission(conn, { createdAt: tick(), idempotencyKey: k3, purchaseOrderNumber: "BH-1" });
    insertItem(other, { idempotencyKey: k3, submissionId: s3 });

    const page = await history.listHistory({ batch: String(batch) }, {}, 100);
    expect(ids(page.rows)).toEqual([s1, refused, retried]);
    expect(page.older).toBeNull();
    expect(await history.countHistory({ batch: String(batch) })).toBe(3);
    expect(ids((await history.listHistory({ batch: String(other) }, {}, 100)).rows)).toEqual([s3]);
    // Combined with another filter, and paged: still only the batch's.
    expect(ids((await history.listHistory({ batch: String(batch), po: "BH-2" }, {}, 100)).rows)).toEqual([
      refused,
      retried,
    ]);
    const first = await history.listHistory({ batch: String(batch) }, {}, 2);
    expect(first.rows.map((r) => r.id)).toEqual([retried, refused]);
    const { decodeCursor } = await import("@/lib/schemas/history-filters");
    const second = await history.listHistory({ batch: String(batch) }, { before: decodeCursor(first.older) }, 2);
    expect(second.rows.map((r) => r.id)).toEqual([s1]);
    // A batch without submissions, and one that does not exist: nothing.
    expect((await history.listHistory({ batch: String(insertBatch()) }, {}, 100)).rows).toEqual([]);
    expect((await history.listHistory({ batch: "999999" }, {}, 100)).rows).toEqual([]);
    // Without the filter, the form's send is there too, and it was not sent in a batch.
    expect((await history.listHistory({ po: "BH-3" }, {}, 100)).rows.map((r) => r.id)).toEqual([form]);
    const formKey = db.use((c) =>
      c.prepare(`SELECT "idempotencyKey" AS k FROM "Submission" WHERE id = ?`).get(form),
    ) as {
      k: string;
    };
    expect(await batchList.batchOfSubmission({ id: form, idempotencyKey: formKey.k })).toBeNull();
  });

  it("finds the batch of a submission by its key or as an item's recorded submission", async () => {
    const batch = insertBatch();
    const key = randomUUID();
    const sent = insertSubmission(conn, { createdAt: tick(), idempotencyKey: key });
    const derived = insertSubmission(conn, { createdAt: tick(), idempotencyKey: `${key}:retry` });
    insertItem(batch, { idempotencyKey: key, submissionId: derived });
    const alone = insertSubmission(conn, { createdAt: tick() });
    expect(await batchList.batchOfSubmission({ id: sent, idempotencyKey: key })).toBe(batch);
    expect(await batchList.batchOfSubmission({ id: derived, idempotencyKey: `${key}:retry` })).toBe(batch);
    expect(await batchList.batchOfSubmission({ id: alone, idempotencyKey: randomUUID() })).toBeNull();
  });

  // SQLite's planner; PostgreSQL's is costed from its statistics.
  it.skipIf(testProvider === "postgresql")("reads the batch's items by its key, never a whole table", async () => {
    const { buildHistoryPageQuery } = await import("@/lib/db/history-query");
    const q = buildHistoryPageQuery({ batch: "1" }, {}, 50);
    const plan = db.use((c) =>
      (c.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail),
    );
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH bi USING INDEX BatchItem_batchId_position_key/));
    expect(plan.filter((d) => /^SCAN (bi|bj|bs)\b/.test(d))).toEqual([]);
  });
});
