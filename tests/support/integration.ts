/**
 * Shared set-up for the integration tests that touch the audit database (tests/audit.test.ts,
 * tests/submit.test.ts): a throwaway, migrated SQLite file and reversible process.env changes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { prepareDatabase } from "@/scripts/prisma-cli";

/** `prisma migrate deploy` shells out to the CLI: give beforeAll room for it. */
export const MIGRATE_TIMEOUT_MS = 60_000;

export interface TempDatabase {
  dir: string;
  file: string;
  url: string;
  /**
   * Opens a separate better-sqlite3 connection (read-only unless asked), to assert what was stored without
   * going through Prisma. Close it when done.
   */
  open(options?: { writable?: boolean }): Database.Database;
  /** Runs `fn` on a short-lived connection (read-only unless asked) and closes it. */
  use<T>(fn: (db: Database.Database) => T, options?: { writable?: boolean }): T;
  remove(): void;
}

type PrismaGlobal = { prismaHandle?: { client: { $disconnect(): Promise<void> } } };

/**
 * A fresh SQLite file in its own temp dir, with the committed migrations applied.
 * Refuses to run if lib/db/client.ts was already loaded (e.g. by a static import in the test file): its one
 * PrismaClient would point at the DATABASE_URL of that moment, typically the real data/spectrum-ops.db.
 */
export function createTempDatabase(prefix: string): TempDatabase {
  if ((globalThis as unknown as PrismaGlobal).prismaHandle) {
    throw new Error(
      "lib/db/client.ts was loaded before the temp database was set up: import lib/db modules dynamically, after DATABASE_URL is set",
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `spectrum-ops-${prefix}-`));
  const file = path.join(dir, "audit.db");
  const url = `file:${file}`;
  prepareDatabase(url);
  const open = (options?: { writable?: boolean }) =>
    new Database(file, { readonly: !options?.writable, fileMustExist: true });
  return {
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
    remove: () => rmSync(dir, { recursive: true, force: true }),
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
