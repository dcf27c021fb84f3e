/**
 * Shared set-up for the integration tests that touch the audit database (tests/audit.test.ts,
 * tests/submit.test.ts): a throwaway, migrated database and reversible process.env changes.
 *
 * The database is a SQLite file, or, when TEST_DATABASE_URL names a PostgreSQL server (`npm run test:unit:pg`
 * starts one), a fresh database on it, copied from a migrated template.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, vi } from "vitest";
import { databaseProvider, PRISMA_PATHS, type DatabaseProvider } from "@/lib/db/database-url.mjs";
import { prepareDatabase } from "@/scripts/prisma-cli";
import { PgConnection, SyncPg } from "./pg-sync";

/** The database the integration tests run on: "postgresql" when TEST_DATABASE_URL names a PostgreSQL server. */
export const testProvider: DatabaseProvider = process.env.TEST_DATABASE_URL
  ? databaseProvider(process.env.TEST_DATABASE_URL)
  : "sqlite";

/** `prisma migrate deploy` shells out to the CLI: give beforeAll room for it. */
export const MIGRATE_TIMEOUT_MS = 60_000;

export interface TempDatabase {
  provider: DatabaseProvider;
  dir: string;
  /** the SQLite file (PostgreSQL: none, "") */
  file: string;
  url: string;
  /**
   * Opens a separate better-sqlite3 connection (read-only unless asked), to assert what was stored without
   * going through Prisma. Close it when done. A writable one writes test fixtures ("the past": rows moved back in
   * time, tables emptied), so the audit log's append-only triggers are suspended while it is open, unless
   * `guarded` (to test those triggers).
   */
  open(options?: ConnectionOptions): Database.Database;
  /** Runs `fn` on a short-lived connection (read-only unless asked; see open) and closes it. */
  use<T>(fn: (db: Database.Database) => T, options?: ConnectionOptions): T;
  /** SQL for "`column` minus `?` milliseconds", a stored time moved back */
  msBefore(column: string): string;
  remove(): void;
}

export interface ConnectionOptions {
  writable?: boolean;
  /** keep the append-only triggers in force on a writable connection */
  guarded?: boolean;
}

/**
 * SQLite: drops the audit log's append-only triggers (audit_guard_*) and returns what puts them back from their
 * stored SQL. (SQLite has no per-connection switch for triggers; the app's own writes never need one.)
 */
function suspendSqliteGuards(conn: Database.Database): () => void {
  const triggers = conn
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_guard_%'")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) conn.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const t of triggers) conn.exec(t.sql);
  };
}

type PrismaGlobal = { prismaHandle?: { client: { $disconnect(): Promise<void> } } };

/**
 * A fresh SQLite file in its own temp dir, with the committed migrations applied.
 * Refuses to run if lib/db/client.ts was already loaded (e.g. by a static import in the test file): its one
 * PrismaClient would point at the DATABASE_URL of that moment, typically the real data/spectrum-ops.db.
 */
export function createTempDatabase(prefix: string, provider: DatabaseProvider = testProvider): TempDatabase {
  if ((globalThis as unknown as PrismaGlobal).prismaHandle) {
    throw new Error(
      "lib/db/client.ts was loaded before the temp database was set up: import lib/db modules dynamically, after DATABASE_URL is set",
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `spectrum-ops-${prefix}-`));
  if (provider === "postgresql") return createPostgresDatabase(prefix, dir);
  const file = path.join(dir, "audit.db");
  const url = `file:${file}`;
  prepareDatabase(url);
  const open = (options?: ConnectionOptions) => {
    const conn = new Database(file, { readonly: !options?.writable, fileMustExist: true });
    if (!options?.writable || options.guarded) return conn;
    const restore = suspendSqliteGuards(conn);
    const close = conn.close.bind(conn);
    conn.close = () => {
      if (conn.open) restore();
      return close();
    };
    return conn;
  };
  return {
    provider: "sqlite",
    dir,
    file,
    url,
    open,
    use(fn, options) {
      const db = open(options);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    msBefore: (column) => `${column} - ?`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `url` with another database name. */
function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Test databases only: the tests' own SQL may write SQLite's literals into a row, an integer for a time (epoch
 * milliseconds) or for a boolean (0/1), as in `SET waitUntil = 1`. These casts let PostgreSQL take them in an
 * INSERT or UPDATE (assignment casts: they change no comparison, and the app's values are always parameters).
 */
const SQLITE_LITERALS = [
  `CREATE FUNCTION test_epoch_ms(ms bigint) RETURNS timestamp LANGUAGE sql IMMUTABLE
     RETURN to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC'`,
  `CREATE FUNCTION test_epoch_ms(ms integer) RETURNS timestamp LANGUAGE sql IMMUTABLE
     RETURN to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC'`,
  "CREATE CAST (bigint AS timestamp) WITH FUNCTION test_epoch_ms(bigint) AS ASSIGNMENT",
  "CREATE CAST (integer AS timestamp) WITH FUNCTION test_epoch_ms(integer) AS ASSIGNMENT",
  "UPDATE pg_cast SET castcontext = 'a' WHERE castsource = 'integer'::regtype AND casttarget = 'boolean'::regtype",
];

/**
 * The migrated template the test databases are copied from, made once per cluster and set of migrations (its name
 * carries their hash), under an advisory lock, since the test files run in parallel processes.
 */
function postgresTemplate(admin: SyncPg, serverUrl: string): string {
  const dir = PRISMA_PATHS.postgresql.migrations;
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name).update(readFileSync(path.join(dir, name, "migration.sql")));
  }
  hash.update(SQLITE_LITERALS.join("\n"));
  const template = `spectrum_template_${hash.digest("hex").slice(0, 12)}`;
  const exists = () => admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]).rows.length > 0;
  if (!exists()) {
    admin.query(`CREATE DATABASE ${template}`);
    try {
      prepareDatabase(withDatabaseName(serverUrl, template));
      const db = new SyncPg(withDatabaseName(serverUrl, template));
      try {
        for (const statement of SQLITE_LITERALS) db.query(statement);
      } finally {
        db.close();
      }
    } catch (error) {
      admin.query(`DROP DATABASE ${template}`);
      throw error;
    }
  }
  return template;
}

let databaseCount = 0;

function createPostgresDatabase(prefix: string, dir: string): TempDatabase {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `spectrum_${prefix.replace(/\W/g, "_")}_${process.pid}_${++databaseCount}`.toLowerCase();
  const admin = new SyncPg(serverUrl);
  try {
    admin.query("SELECT pg_advisory_lock(134013)");
    try {
      const template = postgresTemplate(admin, serverUrl);
      admin.query(`DROP DATABASE IF EXISTS ${name}`);
      admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      admin.query("SELECT pg_advisory_unlock(134013)");
    }
  } finally {
    admin.close();
  }
  const url = withDatabaseName(serverUrl, name);
  const open = (options?: ConnectionOptions) => {
    const conn = new PgConnection(url) as unknown as Database.Database;
    // Triggers off for this session only (test clusters connect as a superuser).
    if (options?.writable && !options.guarded) conn.exec("SET session_replication_role = replica");
    return conn;
  };
  return {
    provider: "postgresql",
    dir,
    file: "",
    url,
    open,
    use(fn, options) {
      const db = open(options);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    msBefore: (column) => `${column} - ? * INTERVAL '1 millisecond'`,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      const drop = new SyncPg(serverUrl);
      try {
        drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        drop.close();
      }
    },
  };
}

/**
 * Sets (or, with undefined, deletes) environment variables and returns a function that puts back what was there.
 * lib/env.mjs reads process.env when first imported: call this before a (fresh) dynamic import.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const apply = (source: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

/** Every variable lib/env.mjs reads, so a test starts from a known configuration whatever the shell has. */
export const ENV_KEYS = [
  "SPECTRUM_BASE_URL",
  "SPECTRUM_API_TOKEN",
  "SPECTRUM_ENVIRONMENT_NAME",
  "SPECTRUM_SANDBOX",
  "SPECTRUM_TIMEOUT_MS",
  "SPECTRUM_RATE_LIMIT_PER_MINUTE",
  "SPECTRUM_WORKFLOW_STATUSES",
  "DATABASE_URL",
] as const;

export function cleanEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>): () => void {
  return setEnv(Object.fromEntries(ENV_KEYS.map((k) => [k, values[k]])));
}

/**
 * lib/db/client.ts keeps one PrismaClient handle on globalThis, shared by every module instance
 * in this process: disconnect it and drop it, so nothing holds the temp file open or outlives the test file.
 */
export async function releasePrisma(): Promise<void> {
  const g = globalThis as unknown as PrismaGlobal;
  const handle = g.prismaHandle;
  delete g.prismaHandle;
  await handle?.client.$disconnect();
}

/**
 * A throwaway migrated database for the enclosing describe block (or the file): beforeAll creates it, points
 * DATABASE_URL at it and imports `load()` afresh (lib/db modules must be imported after that); afterAll releases
 * Prisma, restores the environment and removes the database. Read `db` and `modules` inside hooks and tests.
 */
export function useTempDatabase<T>(prefix: string, load: () => Promise<T>): { db: TempDatabase; modules: T } {
  const handle = {} as { db: TempDatabase; modules: T };
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    await releasePrisma();
    handle.db = createTempDatabase(prefix);
    restore = cleanEnv({ DATABASE_URL: handle.db.url });
    vi.resetModules();
    handle.modules = await load();
  }, MIGRATE_TIMEOUT_MS);
  afterAll(async () => {
    await releasePrisma();
    restore?.();
    vi.resetModules();
    handle.db?.remove();
  });
  return handle;
}

/**
 * Runs a script as another server process would (tsx, the react-server condition, DATABASE_URL set) and returns
 * the JSON its last line of output prints. Rejects with its stderr when it exits non-zero.
 */
export function runInChildProcess<T>(script: string, args: string[], databaseUrl: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", script, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as T);
    });
  });
}
