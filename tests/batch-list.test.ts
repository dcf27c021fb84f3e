import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

/** The batch list on /bulk, on a real database file: newest first, 20 a page, by id cursors. */

let db: TempDatabase;
let conn: Database.Database;
let restoreEnv: () => void;
let batchList: typeof import("@/lib/db/batch-list");

beforeAll(async () => {
  db = createTempDatabase("batch-list");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
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

function insertBatch(createdAt: number, sourceName: string | null): number {
  const { lastInsertRowid } = conn
    .prepare(
      `INSERT INTO "Batch" ("kind", "environment", "operatorId", "operatorName", "operatorEmail", "sourceName",
         "rowCount", "itemCount", "columns", "includeAlreadySent", "state", "createdAt", "updatedAt")
       VALUES ('tracking', 'Sandbox', 'op-1', 'Olive Operator', 'olive@example.test', ?, 1, 1, '[]', 0, 'done', ?, ?)`,
    )
    .run(sourceName, createdAt, createdAt);
  return Number(lastInsertRowid);
}

describe("the batch list", () => {
  it("pages newest first, 20 at a time, by id, with older and newer cursors", async () => {
    expect(await batchList.listBatchPage()).toEqual({ batches: [], older: null, newer: null });
    const made = Array.from({ length: 45 }, (_, i) => insertBatch(tick(), i % 2 ? null : `f${i}.csv`));
    const newest = [...made].reverse();

    const first = await batchList.listBatchPage();
    expect(first.batches.map((b) => b.id)).toEqual(newest.slice(0, 20));
    expect(first.newer).toBeNull();
    expect(first.older).toBe(newest[19]);
    expect(first.batches[0]).toMatchObject({
      kind: "tracking",
      itemCount: 1,
      operatorName: "Olive Operator",
      state: "done",
      sourceName: "f44.csv",
    });
    expect(first.batches[0]!.createdAt).toMatch(/^2026-11-01T\d\d:\d\d:00\.000Z$/);

    const second = await batchList.listBatchPage({ before: first.older! });
    expect(second.batches.map((b) => b.id)).toEqual(newest.slice(20, 40));
    expect(second.newer).toBe(newest[20]);
    const third = await batchList.listBatchPage({ before: second.older! });
    expect(third.batches.map((b) => b.id)).toEqual(newest.slice(40));
    expect(third.older).toBeNull();

    // Newer from the last page: the 20 just newer, then the first page again.
    const back = await batchList.listBatchPage({ after: third.newer! });
    expect(back.batches.map((b) => b.id)).toEqual(newest.slice(20, 40));
    expect(back.older).toBe(newest[39]);
    const top = await batchList.listBatchPage({ after: back.newer! });
    expect(top.batches.map((b) => b.id)).toEqual(newest.slice(0, 20));
    expect(top.newer).toBeNull();
  });
});
