import "server-only";
import { Prisma } from "@/generated/prisma/client";
import {
  HEALTH_ENDPOINTS,
  INITIAL_HEALTH,
  type CallClass,
  type HealthEndpoint,
  type HealthState,
} from "@/lib/spectrum/health";
import { prisma, withDatabase } from "./client";

/**
 * "Spectrum in trouble", stored: the row "all" (run of failures, last success, newest 403) and one row per endpoint
 * (its newest 403). Every server process on the database reads and writes the same rows. Each write is one
 * portable upsert (INSERT … ON CONFLICT DO UPDATE: SQLite 3.24+ and PostgreSQL) that applies the transition of
 * lib/spectrum/health.ts in SQL, so concurrent calls never lose a failure.
 */

export interface HealthRow {
  scope: string;
  consecutiveFailures: number | bigint;
  failingSince: unknown;
  lastFailureAt: unknown;
  lastSuccessAt: unknown;
  last403At: unknown;
}

/** A stored time as ISO (the adapter gives back epoch milliseconds, as numbers or text, or a Date). */
export function isoOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return new Date(Number(value)).toISOString();
  if (typeof value === "number") return new Date(value).toISOString();
  if (typeof value === "string") {
    const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

/** The state machine's state from the stored rows (missing rows: nothing happened yet). */
export function healthFromRows(rows: readonly HealthRow[]): HealthState {
  const state: HealthState = { ...INITIAL_HEALTH, endpoint403At: {} };
  for (const row of rows) {
    if (row.scope === "all") {
      state.consecutiveFailures = Number(row.consecutiveFailures);
      state.failingSince = isoOf(row.failingSince);
      state.lastFailureAt = isoOf(row.lastFailureAt);
      state.lastSuccessAt = isoOf(row.lastSuccessAt);
      state.last403At = isoOf(row.last403At);
    } else if ((HEALTH_ENDPOINTS as readonly string[]).includes(row.scope)) {
      const at = isoOf(row.last403At);
      if (at) state.endpoint403At[row.scope as HealthEndpoint] = at;
    }
  }
  return state;
}

export const HEALTH_COLUMNS = Prisma.sql`"scope", "consecutiveFailures", "failingSince", "lastFailureAt", "lastSuccessAt", "last403At"`;

/** The whole stored state: at most four rows, by primary key. */
export async function readSpectrumHealth(): Promise<HealthState> {
  const rows = await withDatabase(
    "reading Spectrum's health",
    () => prisma.$queryRaw<HealthRow[]>`SELECT ${HEALTH_COLUMNS} FROM "SpectrumHealth"`,
  );
  return healthFromRows(rows);
}

/** Writes one call's result (see lib/spectrum/health.ts: nextHealth). */
export async function recordSpectrumCall(endpoint: HealthEndpoint, result: CallClass, now = new Date()): Promise<void> {
  await withDatabase("recording Spectrum's health", async () => {
    switch (result) {
      case "success":
        await prisma.$executeRaw`
          INSERT INTO "SpectrumHealth" ("scope", "consecutiveFailures", "lastSuccessAt", "updatedAt")
          VALUES ('all', 0, ${now}, ${now})
          ON CONFLICT ("scope") DO UPDATE SET "consecutiveFailures" = 0, "failingSince" = NULL,
            "lastSuccessAt" = excluded."lastSuccessAt", "updatedAt" = excluded."updatedAt"`;
        return;
      case "failure":
        await prisma.$executeRaw`
          INSERT INTO "SpectrumHealth" ("scope", "consecutiveFailures", "failingSince", "lastFailureAt", "updatedAt")
          VALUES ('all', 1, ${now}, ${now}, ${now})
          ON CONFLICT ("scope") DO UPDATE SET
            "consecutiveFailures" = "SpectrumHealth"."consecutiveFailures" + 1,
            "failingSince" = COALESCE("SpectrumHealth"."failingSince", excluded."failingSince"),
            "lastFailureAt" = excluded."lastFailureAt", "updatedAt" = excluded."updatedAt"`;
        return;
      case "forbidden":
        await prisma.$executeRaw`
          INSERT INTO "SpectrumHealth" ("scope", "consecutiveFailures", "last403At", "updatedAt")
          VALUES ('all', 0, ${now}, ${now}), (${endpoint}, 0, ${now}, ${now})
          ON CONFLICT ("scope") DO UPDATE SET "last403At" = excluded."last403At", "updatedAt" = excluded."updatedAt"`;
        return;
    }
  });
}
