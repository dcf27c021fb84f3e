/**
 * The few places where hand-built SQL (lib/db/history-query.ts) differs between SQLite and PostgreSQL. That SQL is
 * written once, in SQLite's form: `?` placeholders, bare camelCase names (SQLite matches names case-insensitively),
 * keywords in upper case, every value a parameter. `forDialect` turns it into PostgreSQL's. Pure: no database here.
 */

export type SqlDialect = "sqlite" | "postgresql";

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

/** Quoted names and string literals, which are left alone, or a bare word, or a placeholder. */
const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|\b[A-Za-z_][A-Za-z0-9_]*\b|\?/g;

/**
 * The query for `dialect`. PostgreSQL folds unquoted names to lower case, and ours are camelCase ("createdAt",
 * "SubmissionLineItem"): every bare word with both lower- and upper-case letters is quoted (keywords are written in
 * upper case, short aliases in lower case, which PostgreSQL reads as written). Placeholders become $1, $2, ….
 */
export function forDialect(query: SqlQuery, dialect: SqlDialect): SqlQuery {
  if (dialect === "sqlite") return query;
  let n = 0;
  const sql = query.sql.replace(TOKEN, (token) => {
    if (token === "?") return `$${++n}`;
    if (token.startsWith('"') || token.startsWith("'")) return token;
    return /[a-z]/.test(token) && /[A-Z]/.test(token) ? `"${token}"` : token;
  });
  return { sql, params: query.params };
}

/**
 * A point in time as a query parameter. SQLite stores DateTime as Unix epoch milliseconds here (the adapter's
 * `timestampFormat: "unixepoch-ms"`); PostgreSQL as `timestamp(3)` in UTC, which reads the ISO text (its trailing Z
 * is ignored by a `timestamp without time zone`, and the value is UTC already).
 */
export function timeParam(ms: number, dialect: SqlDialect): string | number {
  return dialect === "sqlite" ? ms : new Date(ms).toISOString();
}

/**
 * A lower bound and an upper bound on a text column compared in code-point order, as SQLite's BINARY collation
 * does. PostgreSQL compares by the database's collation unless told otherwise; "C" is byte order, which for UTF-8
 * is code-point order (the PostgreSQL migration has an index in that collation for the PO prefix).
 */
export function binaryCollation(dialect: SqlDialect): string {
  return dialect === "sqlite" ? "" : ' COLLATE "C"';
}
