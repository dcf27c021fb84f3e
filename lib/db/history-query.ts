import type { HistoryCursor, HistoryFilters, HistoryPageParams } from "@/lib/schemas/history-filters";

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The highest code point: `prefix + MAX_CHAR` bounds every string that starts with `prefix`. */
const MAX_CHAR = "\u{10FFFF}";

/**
 * An FTS5 query for the words the user typed: each word as a quoted prefix term, all required.
 * Returns null when nothing searchable is left (FTS5 syntax characters are never passed through).
 */
export function toFtsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words?.length) return null;
  return words.slice(0, 12).map((w) => `"${w}"*`).join(" ");
}

/** Both the typed and the upper-case form, since order and recipe IDs are usually upper case. */
function variants(value: string): string[] {
  const upper = value.toUpperCase();
  return upper === value ? [value] : [value, upper];
}

/**
 * WHERE conditions for the history filters. Each one is served by an index: (kind|state|environment|
 * purchaseOrderNumber, createdAt), the line items' (recipeSetReadableId, submissionId), the FTS table.
 */
export function buildHistoryWhere(filters: HistoryFilters, alias = "s"): SqlQuery {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filters.kind) {
    where.push(`${alias}.kind = ?`);
    params.push(filters.kind);
  }
  if (filters.outcome) {
    where.push(`${alias}.state = ?`);
    params.push(filters.outcome);
  }
  if (filters.environment) {
    where.push(`${alias}.environment = ?`);
    params.push(filters.environment);
  }
  if (filters.po) {
    const ranges = variants(filters.po).map((p) => {
      params.push(p, p + MAX_CHAR);
      return `(${alias}.purchaseOrderNumber >= ? AND ${alias}.purchaseOrderNumber < ?)`;
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
  if (filters.from) {
    where.push(`${alias}.createdAt >= ?`);
    params.push(Date.parse(`${filters.from}T00:00:00Z`));
  }
  if (filters.to) {
    where.push(`${alias}.createdAt < ?`);
    params.push(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS);
  }
  const fts = filters.q ? toFtsQuery(filters.q) : null;
  if (fts) {
    where.push(`${alias}.id IN (SELECT rowid FROM SubmissionSearch WHERE SubmissionSearch MATCH ?)`);
    params.push(fts);
  }
  return { sql: where.join(" AND "), params };
}

/** Keyset condition: strictly after `cursor` in the given direction of (createdAt, id). */
function cursorCondition(cursor: HistoryCursor, direction: "older" | "newer", alias: string): SqlQuery {
  const op = direction === "older" ? "<" : ">";
  return {
    sql: `${alias}.createdAt ${op}= ? AND (${alias}.createdAt ${op} ? OR ${alias}.id ${op} ?)`,
    params: [cursor.createdAt, cursor.createdAt, cursor.id],
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
 */
export function buildHistoryPageQuery(filters: HistoryFilters, page: HistoryPageParams, limit: number): SqlQuery {
  const where = buildHistoryWhere(filters);
  const conditions = where.sql ? [where.sql] : [];
  const params = [...where.params];
  const direction = page.after ? "newer" : "older";
  const cursor = page.after ?? page.before;
  if (cursor) {
    const c = cursorCondition(cursor, direction, "s");
    conditions.push(c.sql);
    params.push(...c.params);
  }
  const order = direction === "older" ? "DESC" : "ASC";
  const sql = [
    `SELECT ${HISTORY_COLUMNS.map((c) => `s.${c}`).join(", ")},`,
    `  EXISTS (SELECT 1 FROM AttentionItem a WHERE a.submissionId = s.id) AS needsAttention,`,
    `  (SELECT r.kind FROM Resolution r WHERE r.submissionId = s.id) AS resolutionKind`,
    `FROM Submission s`,
    conditions.length ? `WHERE ${conditions.join(" AND ")}` : "",
    `ORDER BY s.createdAt ${order}, s.id ${order}`,
    `LIMIT ?`,
  ]
    .filter(Boolean)
    .join("\n");
  params.push(limit + 1);
  return { sql, params };
}
