import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  databaseProvider,
  DEFAULT_DATABASE_URL,
  PRISMA_PATHS,
  resolveDatabaseUrl,
  sqliteFilePath,
} from "../lib/db/database-url.mjs";

const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

/** The database cannot be migrated now; the message is one plain sentence saying what to do. */
export class DatabaseNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseNotReadyError";
  }
}

function prisma(args: string[], databaseUrl: string) {
  const result = spawnSync(bin("prisma"), args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  return { ok: result.status === 0, output: (result.stdout ?? "") + (result.stderr ?? "") };
}

/** The committed migrations (of the SQLite schema unless told), by folder name. */
export function committedMigrations(provider: "sqlite" | "postgresql" = "sqlite"): string[] {
  const dir = path.join(process.cwd(), PRISMA_PATHS[provider].migrations);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The committed migrations not yet recorded as applied in the SQLite file (read-only, so it never waits on or
 * disturbs another process using the database). Every migration when the file or its migrations table is missing.
 */
export function pendingMigrations(file: string): string[] {
  const committed = committedMigrations();
  if (!existsSync(file)) return committed;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return committed;
    const applied = new Set(
      db
        .prepare(
          "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        )
        .all()
        .map((row) => (row as { name: string }).name),
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/**
 * The same for PostgreSQL, read in a short child process (this function is synchronous, as the start script is):
 * null when it cannot tell (the server not reachable yet), and `migrate deploy` then says why.
 */
export function pendingPostgresMigrations(url: string): string[] | null {
  const script = `
    import pg from "pg";
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });
    await client.connect();
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present");
    const rows = table.rows[0].present
      ? (await client.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")).rows
      : [];
    await client.end();
    console.log(JSON.stringify(rows.map((r) => r.migration_name)));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 15_000,
  });
  if (result.status !== 0) return null;
  const applied = new Set(JSON.parse(result.stdout) as string[]);
  return committedMigrations("postgresql").filter((name) => !applied.has(name));
}

// Prisma's JavaScript schema engine cannot take SQLite's lock while another process has the file open in WAL mode,
// and reports it as "unknown variant `SocketTimeout`" (or SQLite's own busy / locked message).
const BUSY = /SocketTimeout|database is locked|SQLITE_BUSY|database is busy/i;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Generates the client if missing and applies committed migrations to the database in force. A SQLite database
 * that already has every committed migration is left alone, so a second dashboard can start on a database the
 * first one is using. A busy database is tried again for `waitMs`; then a DatabaseNotReadyError says what to do.
 */
export function prepareDatabase(databaseUrl = resolveDatabaseUrl(), options: { waitMs?: number } = {}) {
  // Both clients: the server bundles both and picks one by the URL (lib/db/client.ts). prisma.config.ts takes the
  // schema (and the engine's adapter) from the URL, so each is generated with a URL of its kind (never connected to).
  for (const [output, url] of [
    ["prisma", DEFAULT_DATABASE_URL],
    ["prisma-postgresql", "postgresql://localhost/generate"],
  ] as const) {
    if (existsSync(path.join(process.cwd(), "generated", output, "client.ts"))) continue;
    const generate = prisma(["generate"], url);
    if (!generate.ok) {
      process.stderr.write(generate.output);
      throw new Error("prisma generate failed");
    }
  }
  databaseProvider(databaseUrl); // a URL of neither kind stops here, with a sentence saying so
  const file = sqliteFilePath(databaseUrl);
  const sqlite = file !== null && file !== ":memory:";
  const until = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    if (sqlite && pendingMigrations(file).length === 0) return;
    // PostgreSQL: reading _prisma_migrations takes a fraction of a second, `migrate deploy` about ten.
    if (!sqlite && file === null && pendingPostgresMigrations(databaseUrl)?.length === 0) return;
    const deploy = prisma(["migrate", "deploy"], databaseUrl);
    if (deploy.ok) return;
    if (!sqlite || !BUSY.test(deploy.output)) {
      process.stderr.write(deploy.output);
      throw new Error("prisma migrate deploy failed");
    }
    if (Date.now() >= until) {
      const pending = pendingMigrations(file);
      if (pending.length === 0) return;
      throw new DatabaseNotReadyError(
        `The database ${file} has ${pending.length} migration${pending.length > 1 ? "s" : ""} to apply (${pending.join(", ")}) but another process is using it: stop the other dashboards using it, run \`npm run db:migrate\`, then start again.`,
      );
    }
    sleep(1_000);
  }
}
