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
 * The bulk preview's "already sent" check on a real database file: many orders' earlier lines read with one query
 * per few hundred orders, and the forms' warnings per order and line.
 */

let db: TempDatabase;
let conn: Database.Database;
let restoreEnv: () => void;
let guardDb: typeof import("@/lib/db/guard");
let check: typeof import("@/lib/guard/check");

beforeAll(async () => {
  db = createTempDatabase("bulk-warnings");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url, SPECTRUM_ENVIRONMENT_NAME: "Sandbox" });
  vi.resetModules();
  guardDb = await import("@/lib/db/guard");
  check = await import("@/lib/guard/check");
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

describe("the preview's bulk 'already sent' check", () => {
  it("reads many orders' earlier lines at once and gives the forms' warnings per order and line", async () => {
    const at = tick();
    insertSubmission(conn, {
      createdAt: at,
      purchaseOrderNumber: "BW-1",
      operatorName: "Olive Operator",
      lines: [{ recipeSetReadableId: "R1", shipmentTracking: "TRK-1" }],
    });
    insertSubmission(conn, {
      createdAt: tick(),
      kind: "status",
      purchaseOrderNumber: "BW-2",
      lines: [{ recipeSetReadableId: "R2", workflowStatus: "completed" }],
    });
    // Changed nothing in Spectrum: no warning. Another environment: none either.
    insertSubmission(conn, {
      createdAt: tick(),
      purchaseOrderNumber: "BW-3",
      state: "rejected",
      lines: [{ recipeSetReadableId: "R3", shipmentTracking: "TRK-3", outcome: "not_found" }],
    });
    insertSubmission(conn, {
      createdAt: tick(),
      purchaseOrderNumber: "BW-4",
      environment: "Production",
      lines: [{ recipeSetReadableId: "R4", shipmentTracking: "TRK-4" }],
    });

    const tracking = await check.checkBulkWarnings({
      kind: "tracking",
      orders: [
        {
          purchaseOrderNumber: "BW-1",
          lines: [
            { recipeSetReadableId: "R0", shipmentTracking: "TRK-0" },
            { recipeSetReadableId: "R1", shipmentTracking: "TRK-1" },
          ],
        },
        { purchaseOrderNumber: "BW-3", lines: [{ recipeSetReadableId: "R3", shipmentTracking: "TRK-3" }] },
        { purchaseOrderNumber: "BW-4", lines: [{ recipeSetReadableId: "R4", shipmentTracking: "TRK-4" }] },
        { purchaseOrderNumber: "BW-NEW", lines: [{ recipeSetReadableId: "N1", shipmentTracking: "TRK-N" }] },
      ],
    });
    expect(tracking).toEqual([
      {
        purchaseOrderNumber: "BW-1",
        warnings: [
          expect.objectContaining({
            code: "already_sent",
            line: 1,
            recipeSetReadableId: "R1",
            text: expect.stringMatching(/^Already sent on 1 Nov 2026, \d\d:\d\d UTC by Olive Operator \(#\d+\)$/),
          }),
        ],
      },
    ]);
    const status = await check.checkBulkWarnings({
      kind: "status",
      orders: [
        { purchaseOrderNumber: "BW-2", lines: [{ recipeSetReadableId: "R2", workflowStatus: "completed" }] },
        { purchaseOrderNumber: "BW-1", lines: [{ recipeSetReadableId: "R1", workflowStatus: "completed" }] },
      ],
    });
    expect(status.map((o) => [o.purchaseOrderNumber, o.warnings.map((w) => w.code)])).toEqual([
      ["BW-2", ["same_status"]],
    ]);
  });

  it("splits the orders into IN lists of EARLIER_LINES_CHUNK and finds every order's lines", async () => {
    const pos = Array.from({ length: guardDb.EARLIER_LINES_CHUNK + 7 }, (_, i) => `BW-MANY-${i}`);
    for (const po of [pos[0]!, pos[guardDb.EARLIER_LINES_CHUNK]!, pos.at(-1)!]) {
      insertSubmission(conn, { createdAt: tick(), purchaseOrderNumber: po, lines: ["M1"] });
    }
    const earlier = await guardDb.loadEarlierLinesForOrders({
      kind: "tracking",
      environment: "Sandbox",
      purchaseOrderNumbers: pos,
    });
    expect([...earlier.keys()].sort()).toEqual([pos[0], pos[guardDb.EARLIER_LINES_CHUNK], pos.at(-1)].sort());
  });

  // SQLite's planner; PostgreSQL's is costed from its statistics.
  it.skipIf(testProvider === "postgresql")(
    "reads the purchase order index and the line items' key, never a whole table",
    () => {
      const sql = guardDb.earlierLinesSql(["A", "B", "C"]);
      const plan = db.use((c) =>
        (c.prepare(`EXPLAIN QUERY PLAN ${sql.sql}`).all(...sql.values) as { detail: string }[]).map((r) => r.detail),
      );
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH s USING INDEX Submission_purchaseOrderNumber_createdAt_idx/),
      );
      expect(plan.filter((d) => /^SCAN (s|l)\b/.test(d))).toEqual([]);
    },
  );
});
