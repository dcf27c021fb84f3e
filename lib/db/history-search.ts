import type { SqlDialect } from "./dialect";

/**
 * The history's free-text filter over Spectrum's details, in both databases, giving the same rows:
 * - SQLite: the FTS5 table "SubmissionSearch" (unicode61 tokens, kept by triggers; prisma/migrations/…_history).
 * - PostgreSQL: a GIN index on `submission_search_vector("spectrumDetails")` (prisma/postgresql/migrations), which
 *   splits the text into the same tokens as unicode61 (runs of letters and digits, in lower case) before
 *   PostgreSQL's "simple" text search configuration reads them.
 * Either way each word typed must start a token of the details (a prefix match), every word required.
 */

/** The words of a search: runs of letters, digits and `_`, at most 12 (anything else is never passed through). */
function searchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 12);
}

/**
 * An FTS5 query for the words the user typed: each word as a quoted prefix term, all required.
 * Returns null when nothing searchable is left (FTS5 syntax characters are never passed through).
 */
export function toFtsQuery(text: string): string | null {
  const words = searchWords(text);
  if (!words.length) return null;
  return words.map((w) => `"${w}"*`).join(" ");
}

/**
 * The same query for PostgreSQL's `to_tsquery('simple', …)`. FTS5 reads `"foo_bar"*` as the phrase "foo bar" with a
 * prefix on its last token (`_` separates tokens), which is `foo <-> bar:*` here. Null when nothing is searchable.
 */
export function toTsQuery(text: string): string | null {
  const terms = searchWords(text).flatMap((word) => {
    const tokens = word.toLowerCase().split("_").filter(Boolean);
    if (tokens.length === 0) return [];
    return [`(${tokens.map((t, i) => (i === tokens.length - 1 ? `${t}:*` : t)).join(" <-> ")})`];
  });
  return terms.length ? terms.join(" & ") : null;
}

/** The search's query text for the dialect, or null when nothing is searchable. */
export function searchQuery(text: string, dialect: SqlDialect): string | null {
  return dialect === "sqlite" ? toFtsQuery(text) : toTsQuery(text);
}

const PG_MATCH = (alias: string) => `submission_search_vector(${alias}.spectrumDetails) @@ to_tsquery('simple', ?)`;

/**
 * The condition "submission `alias` matches the search" (one `?`: `searchQuery`), as the probe (`searchProbeSql`)
 * found the words: `common` (many matches) or rare. Same rows either way, another plan:
 * - SQLite: `common` adds the unary +, which keeps its planner from driving the query from the matches.
 * - PostgreSQL: rare words are looked up in the GIN index first (OFFSET 0 keeps the subquery apart, so the planner
 *   cannot fold it into a walk of the createdAt index that tests every row: it estimates a prefix's matches too
 *   high); common words are tested on each row read in list order, which finds a page after a few rows.
 */
export function searchCondition(alias: string, dialect: SqlDialect, common = false): string {
  if (dialect === "postgresql")
    return common ? PG_MATCH(alias) : `${alias}.id IN (SELECT m.id FROM Submission m WHERE ${PG_MATCH("m")} OFFSET 0)`;
  return `${common ? "+" : ""}${alias}.id IN (SELECT rowid FROM SubmissionSearch WHERE SubmissionSearch MATCH ?)`;
}

/** Counts the submissions matching the search, up to a cap (params: `searchQuery`, then the cap). */
export function searchProbeSql(dialect: SqlDialect): string {
  if (dialect === "postgresql")
    return `SELECT COUNT(*) AS n FROM (SELECT 1 FROM Submission m WHERE ${PG_MATCH("m")} OFFSET 0 LIMIT ?) AS c`;
  return `SELECT COUNT(*) AS n FROM (SELECT 1 FROM SubmissionSearch WHERE SubmissionSearch MATCH ? LIMIT ?)`;
}
