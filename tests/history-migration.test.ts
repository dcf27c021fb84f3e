import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const LINE_SEARCH = readdirSync(MIGRATIONS).find((d) => d.endsWith("_line_search"))!;
const dir = mkdtempSync(path.join(os.tmpdir(), "spectrum-ops-migration-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sqlOf = (name: string) => readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8");

describe("the line_search migration", () => {
  it("fills SubmissionLineSerial from the serial numbers of the line items already written", () => {
    const db = new Database(path.join(dir, "audit.db"));
    try {
      const earlier = readdirSync(MIGRATIONS)
        .filter((d) => d < LINE_SEARCH && !d.endsWith(".toml"))
        .sort();
      for (const name of earlier) db.exec(sqlOf(name));
      db.prepare(
        `INSERT INTO Submission (id, kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey,
           state, lineCount, createdAt) VALUES (7, 'tracking', 'Sandbox', 'http://x', 'PO-1', '{}', 'h', 'k', 'succeeded', 3, 0)`,
      ).run();
      const line = db.prepare(
        `INSERT INTO SubmissionLineItem (id, submissionId, position, recipeSetReadableId, shipmentTracking, serialNumbers)
         VALUES (?, 7, ?, 'R', 'T', ?)`,
      );
      line.run(1, 0, JSON.stringify(["SN-1", "SN-2"]));
      line.run(2, 1, null);
      line.run(3, 2, JSON.stringify(["SN-3"]));

      db.exec(sqlOf(LINE_SEARCH));

      expect(
        db.prepare("SELECT lineItemId, submissionId, serialNumber FROM SubmissionLineSerial ORDER BY id").all(),
      ).toEqual([
        { lineItemId: 1, submissionId: 7, serialNumber: "SN-1" },
        { lineItemId: 1, submissionId: 7, serialNumber: "SN-2" },
        { lineItemId: 3, submissionId: 7, serialNumber: "SN-3" },
      ]);
    } finally {
      db.close();
    }
  });
});
