// A database of its own for a benchmark run: a SQLite file in a temporary folder, or, when DATABASE_URL names a
// PostgreSQL server, a fresh database on that server (`spectrum_<name>_<pid>`), dropped again by `remove`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseProvider, resolveDatabaseUrl } from "../lib/db/database-url.mjs";
import { SyncPg } from "../tests/support/pg-sync";

export interface ThrowawayDatabase {
  url: string;
  provider: "sqlite" | "postgresql";
  remove(): void;
}

export function throwawayDatabase(name: string, base = resolveDatabaseUrl()): ThrowawayDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), `spectrum-ops-${name}-`));
  if (databaseProvider(base) === "sqlite") {
    return {
      url: `file:${path.join(dir, "bench.db")}`,
      provider: "sqlite",
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `spectrum_${name.replace(/\W/g, "_")}_${process.pid}`;
  const admin = (run: (db: SyncPg) => void) => {
    const db = new SyncPg(base);
    try {
      run(db);
    } finally {
      db.close();
    }
  };
  admin((db) => {
    db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    db.query(`CREATE DATABASE ${database}`);
  });
  return {
    url: Object.assign(new URL(base), { pathname: `/${database}` }).toString(),
    provider: "postgresql",
    remove() {
      rmSync(dir, { recursive: true, force: true });
      admin((db) => db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}
