import { beforeAll, describe, expect, it } from "vitest";
import { MIGRATE_TIMEOUT_MS, runInChildProcess, useTempDatabase, type TempDatabase } from "./support/integration";

/**
 * The rate budget every server process shares (lib/db/rate-budget.ts), on a real database file: a sliding window
 * of `limit` calls per 60 s per endpoint, a reserve left to the forms, slots given back, and several processes
 * taking slots at once never exceeding the limit between them.
 */

const setup = useTempDatabase("rate-budget", () => import("@/lib/db/rate-budget"));
let db: TempDatabase;
let budget: typeof import("@/lib/db/rate-budget");
beforeAll(() => ({ db, modules: budget } = setup));

let endpoints = 0;
/** A fresh endpoint name per test, so the tests' slots never meet. */
const fresh = () => `endpoint-${++endpoints}`;

function clock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("the shared rate budget", () => {
  it("allows `limit` calls per window and refuses the next with the time until the oldest frees", async () => {
    const c = clock();
    const key = fresh();
    const take = () => budget.takeRateSlot(key, { limit: 3, now: c.now });
    expect((await take()).ok).toBe(true);
    c.advance(10_000);
    expect((await take()).ok).toBe(true);
    c.advance(5_000);
    expect((await take()).ok).toBe(true);
    c.advance(1_000);
    // the oldest call at t0, now t0 + 16 s: 44 s to wait
    expect(await take()).toEqual({ ok: false, retryAfterMs: 44_000 });
    c.advance(4_000);
    expect(await take()).toEqual({ ok: false, retryAfterMs: 40_000 });
  });

  it("frees slots one by one as they slide out of the window, and refused calls take none", async () => {
    const c = clock();
    const key = fresh();
    const take = () => budget.takeRateSlot(key, { limit: 2, now: c.now });
    await take(); // t = 0
    c.advance(30_000);
    await take(); // t = 30 s
    c.advance(29_999);
    expect(await take()).toEqual({ ok: false, retryAfterMs: 1 });
    c.advance(1); // t = 60 s: the first one is out
    expect((await take()).ok).toBe(true);
    expect(await take()).toEqual({ ok: false, retryAfterMs: 30_000 });
    c.advance(60_000);
    expect((await take()).ok).toBe(true);
    expect((await take()).ok).toBe(true);
    expect((await take()).ok).toBe(false);
  });

  it("a reserve leaves slots to the forms, which may still take them", async () => {
    const c = clock();
    const key = fresh();
    const bulk = () => budget.takeRateSlot(key, { limit: 4, reserve: 2, now: c.now });
    const form = () => budget.takeRateSlot(key, { limit: 4, now: c.now });
    expect((await bulk()).ok).toBe(true);
    c.advance(1_000);
    expect((await bulk()).ok).toBe(true);
    // two of four taken: the batch must leave two for the forms, the first of its own frees in 59 s
    expect(await bulk()).toEqual({ ok: false, retryAfterMs: 59_000 });
    expect((await form()).ok).toBe(true);
    expect((await form()).ok).toBe(true);
    expect((await form()).ok).toBe(false);
    expect(await budget.rateSlotsInUse(key, 4, c.now())).toBe(4);
  });

  it("keeps endpoints independent, and a slot given back can be taken again", async () => {
    const c = clock();
    const [a, b] = [fresh(), fresh()];
    const first = await budget.takeRateSlot(a, { limit: 1, now: c.now });
    expect(first.ok).toBe(true);
    expect((await budget.takeRateSlot(a, { limit: 1, now: c.now })).ok).toBe(false);
    expect((await budget.takeRateSlot(b, { limit: 1, now: c.now })).ok).toBe(true);
    if (!first.ok) throw new Error("unreachable");
    await budget.releaseRateSlot(a, first);
    expect((await budget.takeRateSlot(a, { limit: 1, now: c.now })).ok).toBe(true);
  });

  it("a slot given back late, after someone else took it, stays theirs", async () => {
    const c = clock();
    const key = fresh();
    const mine = await budget.takeRateSlot(key, { limit: 1, now: c.now });
    c.advance(60_000);
    const theirs = await budget.takeRateSlot(key, { limit: 1, now: c.now });
    expect(theirs.ok).toBe(true);
    if (!mine.ok) throw new Error("unreachable");
    await budget.releaseRateSlot(key, mine);
    expect((await budget.takeRateSlot(key, { limit: 1, now: c.now })).ok).toBe(false);
  });

  it("many takers at once in this process get exactly `limit` slots", async () => {
    const key = fresh();
    const answers = await Promise.all(Array.from({ length: 50 }, () => budget.takeRateSlot(key, { limit: 20 })));
    expect(answers.filter((a) => a.ok)).toHaveLength(20);
    expect(new Set(answers.flatMap((a) => (a.ok ? [a.slot] : []))).size).toBe(20);
  });

  it(
    "three processes taking 40 each against a limit of 50 get 50 between them",
    async () => {
      const key = fresh();
      const results = await Promise.all([1, 2, 3].map(() => takeInChildProcess(key, 50, 40)));
      expect(results.reduce((sum, r) => sum + r.taken, 0)).toBe(50);
      expect(await budget.rateSlotsInUse(key, 50)).toBe(50);
    },
    MIGRATE_TIMEOUT_MS,
  );
});

function takeInChildProcess(endpoint: string, limit: number, attempts: number): Promise<{ taken: number }> {
  return runInChildProcess("tests/support/take-slots.ts", [endpoint, String(limit), String(attempts)], db.url);
}

describe("a limit only a local sandbox may have", () => {
  it(`above ${10_000} a minute, calls are not counted (and no slot rows are made)`, async () => {
    const key = fresh();
    const answers = await Promise.all(Array.from({ length: 30 }, () => budget.takeRateSlot(key, { limit: 1_000_000 })));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(budget.UNCOUNTED_ABOVE).toBe(10_000);
    const rows = db.use(
      (c) => c.prepare("SELECT COUNT(*) AS n FROM RateSlot WHERE endpoint = ?").get(key) as { n: number },
    );
    expect(rows.n).toBe(0);
  });
});
