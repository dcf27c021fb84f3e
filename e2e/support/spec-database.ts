// A database of its own for a spec that starts dashboard processes of its own (instances, shutdown, recovery): a
// SQLite file under e2e/.tmp, or, when the run is on PostgreSQL (`npm run test:e2e:pg`), a fresh database on the
// suite's server (scripts/throwaway-database.ts), dropped by `remove`. Either way it starts empty: the dashboard's
// start script migrates it as `npm start` does.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { throwawayDatabase } from "../../scripts/throwaway-database";
import { PgConnection } from "../../tests/support/pg-sync";
import { E2E_DATABASE_URL, E2E_ON_POSTGRES, TMP_DIR } from "./env";

export interface SpecDatabase {
  provider: "sqlite" | "postgresql";
  /** what `startDashboardProcess` takes as `databaseUrl` */
  url: string;
  /** a connection to read (or, on SQLite, write) what the dashboard stored: better-sqlite3's API on either database */
  open(options?: { writable?: boolean }): Database.Database;
  /** Runs `fn` on a short-lived connection and closes it. */
  read<T>(fn: (db: Database.Database) => T): T;
  /** drops the PostgreSQL database and the outcome journal it had on this machine (SQLite: keeps the file) */
  remove(): void;
}

let count = 0;

/**
 * `name` says which spec and test (e.g. "recovery-locked"). On SQLite the file is `sqliteFile` when given (a file on
 * a small disk), else `audit.db` in a new folder under e2e/.tmp.
 */
export function specDatabase(name: string, sqliteFile?: string): SpecDatabase {
  if (!E2E_ON_POSTGRES) {
    mkdirSync(TMP_DIR, { recursive: true });
    const file = sqliteFile ?? path.join(mkdtempSync(path.join(TMP_DIR, `${name}-`)), "audit.db");
    const open = (options?: { writable?: boolean }) =>
      new Database(file, { readonly: !options?.writable, fileMustExist: true });
    return {
      provider: "sqlite",
      url: `file:${file}`,
      open,
      read: (fn) => use(open(), fn),
      remove: () => undefined,
    };
  }
  const database = throwawayDatabase(`${name}_${++count}`, E2E_DATABASE_URL);
  const open = () => new PgConnection(database.url) as unknown as Database.Database;
  return {
    provider: "postgresql",
    url: database.url,
    open,
    read: (fn) => use(open(), fn),
    remove() {
      database.remove();
      // The outcome journal of a database server's dashboard is on this machine: data/outcomes/<host>-<port>-<db>/
      // (lib/db/outcome-journal.ts, journalDir).
      const url = new URL(database.url);
      const folder = [url.hostname, url.port, url.pathname.slice(1)].join("-").replace(/[^\w.-]+/g, "_");
      rmSync(path.join(process.cwd(), "data", "outcomes", folder), { recursive: true, force: true });
    },
  };
}

function use<T>(db: Database.Database, fn: (db: Database.Database) => T): T {
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
