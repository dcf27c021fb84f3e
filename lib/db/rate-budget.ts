import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma, withDatabase } from "./client";

/**
 * The rate budget every server process on this database shares, per Spectrum endpoint ("tracking", "status",
 * "lookup"): `limit` slots (RateSlot rows), each held for `windowMs` by the call that took it. At most `limit` calls
 * can start in any window, whichever process makes them, which is a sliding-window limit kept in the database.
 *
 * A slot is taken with one conditional UPDATE (portable SQL, SQLite and PostgreSQL): the free slot the subquery
 * picks, if it is still free when the row is written. SQLite runs the statement under its write lock; on
 * PostgreSQL a concurrent taker of the same row re-checks `takenAt` after the lock and updates nothing, and the
 * caller tries the next free slot.
 *
 * `reserve`: take a slot only if more than `reserve` would stay free (the batch runner leaves them to people at
 * the form). Times are this process's clock, in ms since the epoch: servers sharing a database keep NTP time.
 */

export type BudgetAnswer = { ok: true; slot: number; takenAt: number } | { ok: false; retryAfterMs: number };

const TAKE_ATTEMPTS = 5;
/**
 * Above this many calls a minute (allowed only against a sandbox on this machine, for benchmarks) calls are not
 * counted: one row per call would be a table of that size, for no limit worth keeping.
 */
export const UNCOUNTED_ABOVE = 10_000;
/** Rows per INSERT when creating slots (3 bound values each: well under SQLite's and PostgreSQL's limits). */
const SLOTS_PER_INSERT = 500;

/** Endpoints and limits whose slots this process has made sure of (an insert that does nothing when they exist). */
const ensured = new Map<string, Promise<void>>();

/** Creates the endpoint's slots 0..limit-1 if missing (once per process, endpoint and limit). */
function ensureSlots(endpoint: string, limit: number): Promise<void> {
  const key = `${endpoint}\n${limit}`;
  let done = ensured.get(key);
  if (!done) {
    done = (async () => {
      for (let from = 0; from < limit; from += SLOTS_PER_INSERT) {
        const values = Array.from(
          { length: Math.min(SLOTS_PER_INSERT, limit - from) },
          (_, i) => Prisma.sql`(${endpoint}, ${from + i}, ${BigInt(0)})`,
        );
        await prisma.$executeRaw`INSERT INTO "RateSlot" ("endpoint", "slot", "takenAt") VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING`;
      }
    })();
    ensured.set(key, done);
    done.catch(() => ensured.delete(key));
  }
  return done;
}

/** Takes a slot of `endpoint`'s budget, or says how long until one (beyond the reserve) frees up. */
export async function takeRateSlot(
  endpoint: string,
  options: { limit: number; reserve?: number; windowMs?: number; now?: () => number },
): Promise<BudgetAnswer> {
  const limit = options.limit;
  const windowMs = options.windowMs ?? 60_000;
  const clock = options.now ?? Date.now;
  // A reserve as large as the budget would never let the runner send: it always keeps one slot to use.
  const reserve = Math.max(0, Math.min(options.reserve ?? 0, limit - 1));
  if (limit > UNCOUNTED_ABOVE) return { ok: true, slot: -1, takenAt: clock() };
  return withDatabase("taking a slot of the rate budget", async () => {
    await ensureSlots(endpoint, limit);
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
      const now = clock();
      const cutoff = BigInt(now - windowMs);
      const taken = await prisma.$queryRaw<{ slot: number | bigint }[]>`
        UPDATE "RateSlot" SET "takenAt" = ${BigInt(now)}
        WHERE "endpoint" = ${endpoint} AND "takenAt" <= ${cutoff} AND "slot" = (
          SELECT "slot" FROM "RateSlot"
          WHERE "endpoint" = ${endpoint} AND "slot" < ${limit} AND "takenAt" <= ${cutoff}
          ORDER BY "takenAt", "slot" LIMIT 1 OFFSET ${reserve}
        )
        RETURNING "slot"`;
      if (taken.length === 1) return { ok: true, slot: Number(taken[0]!.slot), takenAt: now };
      // None free beyond the reserve, or another process took the one picked: when does the next one free up?
      const next = await prisma.$queryRaw<{ takenAt: number | bigint }[]>`
        SELECT "takenAt" FROM "RateSlot" WHERE "endpoint" = ${endpoint} AND "slot" < ${limit}
        ORDER BY "takenAt", "slot" LIMIT 1 OFFSET ${reserve}`;
      const freeAt = next.length === 1 ? Number(next[0]!.takenAt) + windowMs : now;
      if (freeAt > now) return { ok: false, retryAfterMs: freeAt - now };
    }
    return { ok: false, retryAfterMs: 50 };
  });
}

/** Gives a slot back when nothing was sent with it after all (only if no one has taken it since). */
export async function releaseRateSlot(endpoint: string, taken: { slot: number; takenAt: number }): Promise<void> {
  if (taken.slot < 0) return;
  await withDatabase(
    "giving back a slot of the rate budget",
    () =>
      prisma.$executeRaw`UPDATE "RateSlot" SET "takenAt" = ${BigInt(0)}
      WHERE "endpoint" = ${endpoint} AND "slot" = ${taken.slot} AND "takenAt" = ${BigInt(taken.takenAt)}`,
  ).catch(() => undefined);
}

/** Calls started in the last window, per endpoint (for the batch page's estimate and the benchmarks). */
export async function rateSlotsInUse(endpoint: string, limit: number, now = Date.now(), windowMs = 60_000) {
  const rows = await withDatabase(
    "reading the rate budget",
    () =>
      prisma.$queryRaw<{ used: number | bigint }[]>`
      SELECT COUNT(*) AS "used" FROM "RateSlot"
      WHERE "endpoint" = ${endpoint} AND "slot" < ${limit} AND "takenAt" > ${BigInt(now - windowMs)}`,
  );
  return Number(rows[0]?.used ?? 0);
}
