import path from "node:path";

/** Default audit database: a SQLite file under the project, git-ignored. */
export const DEFAULT_DATABASE_URL = `file:${path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "spectrum-ops.db")}`;

/**
 * The DATABASE_URL in force. Relative SQLite paths are resolved against the working directory,
 * so the CLI, the scripts and the server agree on one file.
 * @param {string | undefined} [value]
 * @returns {string}
 */
export function resolveDatabaseUrl(value = process.env.DATABASE_URL) {
  const url = value?.trim() || DEFAULT_DATABASE_URL;
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  if (file === ":memory:" || path.isAbsolute(file)) return url;
  return `file:${path.resolve(/*turbopackIgnore: true*/ process.cwd(), file)}`;
}

/** Filesystem path of a SQLite DATABASE_URL, or null for another database. */
export function sqliteFilePath(url = resolveDatabaseUrl()) {
  return url.startsWith("file:") ? url.slice("file:".length) : null;
}

/**
 * The database behind a DATABASE_URL: `file:` is SQLite (the default), `postgres://` or `postgresql://` PostgreSQL.
 * Each has its own Prisma schema, migrations and generated client; see prisma.config.ts and lib/db/client.ts.
 * @param {string} [url]
 * @returns {"sqlite" | "postgresql"}
 */
export function databaseProvider(url = resolveDatabaseUrl()) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), not ${redactUrl(url)}`);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url = resolveDatabaseUrl()) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Where each provider's schema and migrations live, relative to the project root. */
export const PRISMA_PATHS = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  postgresql: { schema: "prisma/postgresql/schema.prisma", migrations: "prisma/postgresql/migrations" },
};
