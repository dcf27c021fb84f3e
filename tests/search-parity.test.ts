/**
 * The history's free-text filter gives the same rows on SQLite (FTS5) and PostgreSQL (tsvector + GIN): the same
 * submissions are written to both, and the same filters run through each dialect's SQL (buildHistoryPageQuery).
 * Runs where the PostgreSQL suite runs (TEST_DATABASE_URL: `npm run test:unit:pg`); skipped otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHistoryPageQuery, type SqlDialect } from "@/lib/db/history-query";
import type { HistoryFilters } from "@/lib/schemas/history-filters";
import { insertSubmission } from "./support/audit-rows";
import { createTempDatabase, testProvider, type TempDatabase } from "./support/integration";
import { PgConnection } from "./support/pg-sync";

const DETAILS = [
  "Unable to find recipeSetReadableId(s): ABCD1234, EFGH5678.",
  "Unable to find recipeSetReadableId(s): abcd9999 and ZZZZ0001",
  "Internal Server Error",
  "Order HA-US-DEMO0002 not found",
  "Rate limit exceeded; retry after 60s",
  "Token rejected (401)",
  "foo_bar baz",
  "Quarantined for review (case #12)",
  "connect ETIMEDOUT api.spectrumcustomizer.com:443",
  "Contact ops@example.com",
  "Status 'in-progress' cannot move to 'delivered'",
  "Tracking 1Z999AA10123456784 already on file",
  "Müller Straße 5",
  "version 1.2.3-beta",
  "<html><body>Bad gateway</body></html>",
  "",
  null,
];

const QUERIES = [
  "unable",
  "UNABLE find",
  "abcd",
  "abcd1234",
  "ABCD1234, EFGH",
  "recipe",
  "recipesetreadableid",
  "readable",
  "HA-US",
  "demo0002",
  "us demo",
  "rate limit",
  "60",
  "6",
  "60s",
  "foo_bar",
  "foo_b",
  "bar",
  "spectrumcustomizer",
  "api",
  "443",
  "example",
  "ops@example.com",
  "in-progress",
  "progress deliv",
  "müller",
  "MÜLLER str",
  "straße",
  "1z999",
  "1Z999AA10123456784",
  "#12",
  "case 12",
  "1.2",
  "beta",
  "html",
  "gateway",
  "error server internal",
  "not",
  "n",
  "quarantined review",
  "zzz",
  "nothing-like-this",
];

const STATES = ["failed", "rejected", "unknown", "succeeded"];

describe.skipIf(testProvider !== "postgresql")("free-text search: SQLite and PostgreSQL agree", () => {
  let sqlite: TempDatabase;
  let postgres: TempDatabase;
  let sqliteConn: ReturnType<TempDatabase["open"]>;
  let pgConn: PgConnection;

  beforeAll(() => {
    sqlite = createTempDatabase("search-sqlite", "sqlite");
    postgres = createTempDatabase("search-pg", "postgresql");
    sqliteConn = sqlite.open({ writable: true });
    pgConn = new PgConnection(postgres.url);
    const start = Date.parse("2026-01-01T00:00:00Z");
    DETAILS.forEach((spectrumDetails, i) => {
      for (const conn of [sqliteConn, pgConn as unknown as typeof sqliteConn]) {
        insertSubmission(conn, {
          createdAt: start + i * 60_000,
          state: STATES[i % STATES.length],
          purchaseOrderNumber: `PO-SEARCH-${i}`,
          spectrumDetails,
        });
      }
    });
  }, 120_000);

  afterAll(() => {
    sqliteConn?.close();
    pgConn?.close();
    sqlite?.remove();
    postgres?.remove();
  });

  function search(dialect: SqlDialect, filters: HistoryFilters, commonText = false): string[] {
    const query = buildHistoryPageQuery(filters, {}, 100, { commonText }, dialect);
    const rows =
      dialect === "sqlite"
        ? (sqliteConn.prepare(query.sql).all(...query.params) as { purchaseOrderNumber: string }[])
        : (pgConn.db.query(query.sql, query.params).rows as { purchaseOrderNumber: string }[]);
    return rows.map((r) => r.purchaseOrderNumber);
  }

  it("both hold the same rows", () => {
    expect(search("postgresql", {})).toEqual(search("sqlite", {}));
    expect(search("sqlite", {})).toHaveLength(DETAILS.length);
  });

  it.each(QUERIES)("%j finds the same submissions", (q) => {
    const expected = search("sqlite", { q });
    expect(search("postgresql", { q })).toEqual(expected);
    // both plans (rare words looked up first, common words tested row by row) give the same rows
    expect(search("postgresql", { q }, true)).toEqual(expected);
    expect(search("sqlite", { q }, true)).toEqual(expected);
    for (const outcome of ["failed", "rejected"] as const)
      expect(search("postgresql", { q, outcome })).toEqual(search("sqlite", { q, outcome }));
    expect(search("postgresql", { q, from: "2026-01-01", to: "2026-01-01" })).toEqual(
      search("sqlite", { q, from: "2026-01-01", to: "2026-01-01" }),
    );
  });

  it("finds what it should (the comparison is not of two empty lists)", () => {
    expect(search("postgresql", { q: "unable" })).toEqual(["PO-SEARCH-1", "PO-SEARCH-0"]);
    expect(search("postgresql", { q: "spectrumcustomizer" })).toEqual(["PO-SEARCH-8"]);
    expect(search("postgresql", { q: "foo_b" })).toEqual(["PO-SEARCH-6"]);
  });
});
