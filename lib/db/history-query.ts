import {
  nextDay,
  startOfDay,
  type HistoryCursor,
  type HistoryFilters,
  type HistoryPageParams,
} from "@/lib/schemas/history-filters";
import { binaryCollation, forDialect, timeParam, type SqlDialect, type SqlQuery } from "./dialect";
import { searchCondition, searchProbeSql, searchQuery } from "./history-search";

// The SQL is written in SQLite's form; `dialect` (from the URL, lib/db/client.ts) picks the few pieces that differ
// and forDialect() makes a whole query PostgreSQL's (lib/db/dialect.ts).
export type { SqlDialect, SqlQuery };
export { toFtsQuery } from "./history-search";

/** The highest code point: `prefix + MAX_CHAR` bounds every string that starts with `prefix`. */
const MAX_CHAR = "\u{10FFFF}";

/** Both the typed and the upper-case form, since order and recipe IDs are usually upper case. */
function variants(value: string): string[] {
  const upper = value.toUpperCase();
  return upper === value ? [value] : [value, upper];
}

/**
 * How a page is read, chosen per request by `listHistory` from two cheap probes (`buildPoProbe`, `buildTextProbe`).
 * SQLite cannot tell by itself: it has no statistics for the full-text table, and a PO prefix range's rows are
 * ordered by PO number, which follows time closely, so "few, but all old" and "many, spread over time" look alike.
 */
export interface HistoryPlan {
  /**
   * The PO prefix filter. "index": read the prefix's range of the (purchaseOrderNumber, createdAt) index and keep
   * the newest rows: costs grow with the number of matches, never with their age. "window": look only at the next
   * `PO_WINDOW_FACTOR` × (limit + 1) rows in list order, cheap when a broad prefix matches rows all through the
   * history; the caller falls back to "index" when that finds less than a full page. Unset: SQLite chooses.
   */
  po?: "index" | "window";
  /**
   * The words match many rows: test each row read in list order against the (materialised) matches, instead of
   * looking up and sorting every match, which is what SQLite does by default and what suits a rare word.
   */
  commonText?: boolean;
}

/** `buildPoProbe` counts up to this many rows: at least this many means a broad prefix. */
export const PO_PROBE_LIMIT = 20_000;
/** `buildTextProbe` counts up to this many matches: at least this many means common words. */
export const TEXT_PROBE_LIMIT = 1_000;
/**
 * A "window" read looks at this many rows per row wanted (5,100 for a page of 50), in list order, before the caller
 * falls back to the PO index: enough when at least 1% of the rows match around the cursor.
 */
export const PO_WINDOW_FACTOR = 100;

/** The (purchaseOrderNumber, createdAt) index, forced by the "index" plan. Its name is Prisma's for that @@index. */
const PO_INDEX = "Submission_purchaseOrderNumber_createdAt_idx";

/**
 * WHERE conditions for the history filters. Each one is served by an index: (kind|state|environment|
 * purchaseOrderNumber, createdAt), the line items' (recipeSetReadableId|shipmentTracking, submissionId), the
 * serial numbers' (serialNumber, submissionId), the FTS table.
 */
export function buildHistoryWhere(
  filters: HistoryFilters,
  alias = "s",
  plan: HistoryPlan = {},
  dialect: SqlDialect = "sqlite",
): SqlQuery {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filters.kind) {
    where.push(`${alias}.kind = ?`);
    params.push(filters.kind);
  }
  // The URL's word for a submission's state; the one place it meets the column.
  if (filters.outcome) {
    where.push(`${alias}.state = ?`);
    params.push(filters.outcome);
  }
  if (filters.environment) {
    where.push(`${alias}.environment = ?`);
    params.push(filters.environment);
  }
  if (filters.operator) {
    // Emails are stored lower-case; index (operatorEmail, createdAt).
    where.push(`${alias}.operatorEmail = ?`);
    params.push(filters.operator.toLowerCase());
  }
  if (filters.po) {
    const po = `${alias}.purchaseOrderNumber${binaryCollation(dialect)}`;
    const ranges = variants(filters.po).map((p) => {
      params.push(p, p + MAX_CHAR);
      return `(${po} >= ? AND ${po} < ?)`;
    });
    where.push(ranges.length === 1 ? ranges[0]! : `(${ranges.join(" OR ")})`);
  }
  if (filters.recipe) {
    const ids = variants(filters.recipe);
    where.push(
      `${alias}.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.recipeSetReadableId IN (${ids.map(() => "?").join(", ")}))`,
    );
    params.push(...ids);
  }
  if (filters.tracking) {
    const values = variants(filters.tracking);
    where.push(
      `${alias}.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.shipmentTracking IN (${values.map(() => "?").join(", ")}))`,
    );
    params.push(...values);
  }
  if (filters.serial) {
    const values = variants(filters.serial);
    where.push(
      `${alias}.id IN (SELECT ls.submissionId FROM SubmissionLineSerial ls WHERE ls.serialNumber IN (${values.map(() => "?").join(", ")}))`,
    );
    params.push(...values);
  }
  // Days in the user's time zone (the browser's, sent as tz), UTC without one.
  if (filters.from) {
    where.push(`${alias}.createdAt >= ?`);
    params.push(timeParam(startOfDay(filters.from, filters.tz), dialect));
  }
  if (filters.to) {
    where.push(`${alias}.createdAt < ?`);
    params.push(timeParam(startOfDay(nextDay(filters.to), filters.tz), dialect));
  }
  if (filters.batch) {
    // A batch's submissions: each item's own (by its idempotency key), and the one recorded on the item (a PO sent
    // again after a 403 goes under a key derived from the item's), except a skipped item's: that is the earlier
    // send it was skipped for, not part of the batch. Portable SQL; BatchItem's (batchId, position) key and
    // Submission's unique idempotencyKey serve it.
    where.push(
      `${alias}.id IN (SELECT bs."id" FROM "BatchItem" bi JOIN "Submission" bs ON bs."idempotencyKey" = bi."idempotencyKey" WHERE bi."batchId" = ? UNION SELECT bj."submissionId" FROM "BatchItem" bj WHERE bj."batchId" = ? AND bj."submissionId" IS NOT NULL AND bj."state" <> 'skipped')`,
    );
    params.push(Number(filters.batch), Number(filters.batch));
  }
  const search = filters.q ? searchQuery(filters.q, dialect) : null;
  if (search) {
    where.push(searchCondition(alias, dialect, plan.commonText));
    params.push(search);
  }
  return { sql: where.join(" AND "), params };
}

/** Keyset condition: strictly after `cursor` in the given direction of (createdAt, id). */
function cursorCondition(
  cursor: HistoryCursor,
  direction: "older" | "newer",
  alias: string,
  dialect: SqlDialect,
): SqlQuery {
  const op = direction === "older" ? "<" : ">";
  const at = timeParam(cursor.createdAt, dialect);
  return {
    sql: `${alias}.createdAt ${op}= ? AND (${alias}.createdAt ${op} ? OR ${alias}.id ${op} ?)`,
    params: [at, at, cursor.id],
  };
}

export const HISTORY_COLUMNS = [
  "id",
  "kind",
  "environment",
  "purchaseOrderNumber",
  "state",
  "lineCount",
  "httpStatus",
  "durationMs",
  "createdAt",
  "completedAt",
  "operatorName",
  "operatorEmail",
  "spectrumDetails",
  "message",
  "resubmitOfId",
] as const;

/**
 * One page of the history list, newest first (or oldest first after an `after` cursor: the caller reverses).
 * Fetches `limit + 1` rows so the caller knows whether another page exists. No OFFSET: the cursor is the
 * last row seen, so rows arriving meanwhile never shift a page.
 *
 * Without filters the createdAt index yields the page directly. With filters, the page's ids are found first,
 * from indexes alone where possible, and only those rows are read: a plan that has to sort or test many
 * candidates then handles index entries, not whole rows (a submission row holds its request and response).
 */
export function buildHistoryPageQuery(
  filters: HistoryFilters,
  page: HistoryPageParams,
  limit: number,
  plan: HistoryPlan = {},
  dialect: SqlDialect = "sqlite",
): SqlQuery {
  // PostgreSQL plans the PO prefix from its statistics: only the search's plan applies there.
  if (dialect !== "sqlite") plan = { commonText: plan.commonText };
  const where = buildHistoryWhere(filters, "s", plan, dialect);
  const direction = page.after ? "newer" : "older";
  const cursor = page.after ?? page.before;
  const order = direction === "older" ? "DESC" : "ASC";
  const orderBy = (alias: string) => `ORDER BY ${alias}.createdAt ${order}, ${alias}.id ${order}`;
  const select = [
    `SELECT ${HISTORY_COLUMNS.map((c) => `s.${c}`).join(", ")},`,
    `  EXISTS (SELECT 1 FROM AttentionItem a WHERE a.submissionId = s.id) AS needsAttention,`,
    `  (SELECT r.kind FROM Resolution r WHERE r.submissionId = s.id) AS resolutionKind`,
    `FROM Submission s`,
  ];
  const params: (string | number)[] = [];

  if (!where.sql) {
    const c = cursor ? cursorCondition(cursor, direction, "s", dialect) : null;
    if (c) params.push(...c.params);
    params.push(limit + 1);
    const sql = [...select, c ? `WHERE ${c.sql}` : "", orderBy("s"), `LIMIT ?`].filter(Boolean).join("\n");
    return forDialect({ sql, params }, dialect);
  }

  let ids: string[];
  if (plan.po === "window" && filters.po) {
    // The next rows in list order, whatever they are, then the filters: exact whenever it finds a full page.
    const c = cursor ? cursorCondition(cursor, direction, "w", dialect) : null;
    ids = [
      `SELECT s.id FROM (`,
      `  SELECT w.id FROM Submission w${c ? ` WHERE ${c.sql}` : ""} ${orderBy("w")} LIMIT ?`,
      `) AS win CROSS JOIN Submission s ON s.id = win.id`,
      `WHERE ${where.sql}`,
      `${orderBy("s")} LIMIT ?`,
    ];
    params.push(...(c?.params ?? []), (limit + 1) * PO_WINDOW_FACTOR, ...where.params, limit + 1);
  } else {
    const conditions = [where.sql];
    params.push(...where.params);
    if (cursor) {
      const c = cursorCondition(cursor, direction, "s", dialect);
      conditions.push(c.sql);
      params.push(...c.params);
    }
    const indexed = plan.po === "index" && filters.po ? ` INDEXED BY ${PO_INDEX}` : "";
    ids = [`SELECT s.id FROM Submission s${indexed}`, `WHERE ${conditions.join(" AND ")}`, `${orderBy("s")} LIMIT ?`];
    params.push(limit + 1);
  }
  const sql = [...select, `WHERE s.id IN (`, ...ids.map((line) => `  ${line}`), `)`, orderBy("s")].join("\n");
  return forDialect({ sql, params }, dialect);
}

/** Counts, up to `cap`, the rows the PO prefix filter matches (from the PO index alone); null without one. */
export function buildPoProbe(
  filters: HistoryFilters,
  cap = PO_PROBE_LIMIT,
  dialect: SqlDialect = "sqlite",
): SqlQuery | null {
  if (!filters.po) return null;
  const where = buildHistoryWhere({ po: filters.po }, "s", {}, dialect);
  return forDialect(
    {
      sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM Submission s WHERE ${where.sql} LIMIT ?) AS m`,
      params: [...where.params, cap],
    },
    dialect,
  );
}

/** Counts, up to `cap`, the submissions the free-text filter matches; null without one. */
export function buildTextProbe(
  filters: HistoryFilters,
  cap = TEXT_PROBE_LIMIT,
  dialect: SqlDialect = "sqlite",
): SqlQuery | null {
  const search = filters.q ? searchQuery(filters.q, dialect) : null;
  if (!search) return null;
  return forDialect({ sql: searchProbeSql(dialect), params: [search, cap] }, dialect);
}

/** How many submissions match the filters (a count scans: for tests and the benchmark, not for pages). */
export function buildCountQuery(filters: HistoryFilters, dialect: SqlDialect = "sqlite"): SqlQuery {
  const where = buildHistoryWhere(filters, "s", {}, dialect);
  const sql = `SELECT COUNT(*) AS n FROM Submission s${where.sql ? ` WHERE ${where.sql}` : ""}`;
  return forDialect({ sql, params: where.params }, dialect);
}
