import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PRISMA_PATHS } from "./database-url.mjs";
import { prisma, provider, withDatabase } from "./client";

/** How long the health check waits for the database before calling it unreachable. */
const READINESS_DEADLINE_MS = 2_000;

export interface DatabaseReadiness {
  ok: boolean;
  ms: number;
  /** migrations recorded as applied */
  applied: number;
  /** committed migrations the database does not have yet (null: the migrations folder is not deployed here) */
  pending: string[] | null;
  error?: string;
}

/**
 * The migrations this build expects for the database in force (SQLite's or PostgreSQL's folder), by folder name, or
 * null when the folder is not deployed beside it.
 */
export function expectedMigrations(
  dir = path.join(/*turbopackIgnore: true*/ process.cwd(), PRISMA_PATHS[provider].migrations),
): string[] | null {
  // Read at run time, beside the deployment (not traced into the build: the comments tell Turbopack so).
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return null;
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
}

/**
 * Readiness of the audit database for GET /api/health: reachable (one query, within 2 s) and migrated (every
 * committed migration recorded as applied). Portable SQL. Never throws; the error says what failed, without the
 * database's address.
 */
export async function databaseReadiness(expected = expectedMigrations()): Promise<DatabaseReadiness> {
  const started = performance.now();
  try {
    const rows = await withDatabase(
      "checking readiness",
      async () => {
        // A database never migrated has no migrations table: asked first, so that is an answer, not a failed query
        // (which would make withDatabase replace a healthy client).
        const [table] = await (provider === "postgresql"
          ? prisma.$queryRaw<{ found: unknown }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "found"`
          : prisma.$queryRaw<{ found: unknown }[]>`
              SELECT COUNT(*) AS "found" FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`);
        if (!Number(table?.found)) return null;
        return prisma.$queryRaw<{ name: string }[]>`
          SELECT "migration_name" AS "name" FROM "_prisma_migrations"
          WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
      },
      READINESS_DEADLINE_MS,
    );
    if (rows === null)
      return {
        ok: false,
        ms: Math.round(performance.now() - started),
        applied: 0,
        pending: expected,
        error: "not migrated: run npm run db:migrate",
      };
    const applied = new Set(rows.map((row) => row.name));
    const pending = expected ? expected.filter((name) => !applied.has(name)) : null;
    return {
      ok: pending === null ? applied.size > 0 : pending.length === 0,
      ms: Math.round(performance.now() - started),
      applied: applied.size,
      pending,
      ...(pending && pending.length > 0 ? { error: "migrations not applied: run npm run db:migrate" } : {}),
    };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n").at(-1) ?? "failed") : "failed";
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      applied: 0,
      pending: expected,
      error: /no such table|does not exist/i.test(reason)
        ? "not migrated: run npm run db:migrate"
        : `unreachable: ${reason.replace(/(file:|postgres(ql)?:\/\/)\S+/g, "$1…").slice(0, 200)}`,
    };
  }
}
