/**
 * PostgreSQL rolls a transaction back as a whole on a deadlock (SQLSTATE 40P01) or a serialization failure (40001):
 * lib/db/client.ts runs such an interactive transaction again, a few times, with a jittered pause. On PostgreSQL a
 * real deadlock between two transactions is provoked; on both databases the errors of the adapter's own shape (as
 * @prisma/adapter-pg 6.19 throws them, observed on a real deadlock) are classified, and SQLite keeps its behaviour.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { testProvider, useTempDatabase } from "./support/integration";

type ClientModule = typeof import("@/lib/db/client");

const setup = useTempDatabase("txretry", () => import("@/lib/db/client"));
let client: ClientModule;
beforeAll(() => ({ modules: client } = setup));

/** What adapter-pg gives Prisma for a PostgreSQL error (its convertDriverError): 40001 has a kind of its own. */
function adapterCause(code: string) {
  return code === "40001"
    ? { originalCode: code, originalMessage: "could not serialize access", kind: "TransactionWriteConflict" }
    : { originalCode: code, originalMessage: "deadlock detected", kind: "postgres", code, severity: "ERROR" };
}

/** A raw query's failure: P2010, the adapter's error in meta (as a real deadlock gives it). */
function rawQueryError(code: string) {
  return new Prisma.PrismaClientKnownRequestError(`Raw query failed. Code: \`${code}\`.`, {
    code: "P2010",
    clientVersion: "6.19.3",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: adapterCause(code) } },
  });
}

/** A model query's failure on 40001: P2034. */
function writeConflictError() {
  return new Prisma.PrismaClientKnownRequestError(
    "Transaction failed due to a write conflict or a deadlock. Please retry your transaction",
    {
      code: "P2034",
      clientVersion: "6.19.3",
      meta: { modelName: "RateSlot", driverAdapterError: { name: "DriverAdapterError", cause: adapterCause("40001") } },
    },
  );
}

/** A model query's failure on 40P01: the adapter's DriverAdapterError itself, unwrapped. */
function bareAdapterError(code: string) {
  return Object.assign(new Error("deadlock detected"), { name: "DriverAdapterError", cause: adapterCause(code) });
}

describe("which errors are a transaction conflict", () => {
  it("deadlocks and serialization failures, in every shape the adapter throws them", () => {
    for (const error of [
      rawQueryError("40P01"),
      rawQueryError("40001"),
      writeConflictError(),
      bareAdapterError("40P01"),
      Object.assign(new Error("deadlock detected"), { name: "DatabaseError", code: "40P01", severity: "ERROR" }),
    ])
      expect(client.isTransactionConflict(error), String(error)).toBe(true);
    expect(client.postgresSqlState(rawQueryError("40P01"))).toBe("40P01");
    expect(client.postgresSqlState(bareAdapterError("40P01"))).toBe("40P01");
  });

  it("not a unique violation, a busy pool, a lock timeout or any other error", () => {
    for (const error of [
      rawQueryError("23505"),
      rawQueryError("55P03"), // lock_not_available: lock_timeout, not a rolled-back conflict
      new Prisma.PrismaClientKnownRequestError("Unable to start a transaction in the given time.", {
        code: "P2028",
        clientVersion: "6.19.3",
      }),
      new Error("40P01"),
      "40P01",
      null,
    ])
      expect(client.isTransactionConflict(error), String(error)).toBe(false);
  });
});

describe("retryTransactionConflicts", () => {
  it("runs the work again after a conflict, up to three more times, then throws the last conflict", async () => {
    let calls = 0;
    const retried: number[] = [];
    await expect(
      client.retryTransactionConflicts(
        async () => {
          calls++;
          throw rawQueryError("40P01");
        },
        { onRetry: (attempt) => retried.push(attempt) },
      ),
    ).rejects.toMatchObject({ code: "P2010" });
    expect(calls).toBe(1 + client.TRANSACTION_RETRIES);
    expect(retried).toEqual([1, 2, 3]);
  });

  it("returns what a later attempt returns; any other error is thrown at once", async () => {
    let calls = 0;
    const started = Date.now();
    const value = await client.retryTransactionConflicts(async () => {
      if (++calls < 3) throw calls === 1 ? bareAdapterError("40P01") : writeConflictError();
      return "done";
    });
    expect([value, calls]).toEqual(["done", 3]);
    // The pauses are short: 12.5–25 ms, then 25–50 ms.
    expect(Date.now() - started).toBeLessThan(1_000);

    let other = 0;
    await expect(
      client.retryTransactionConflicts(async () => {
        other++;
        throw rawQueryError("23505");
      }),
    ).rejects.toMatchObject({ code: "P2010" });
    expect(other).toBe(1);
  });
});

describe.runIf(testProvider === "sqlite")("on SQLite", () => {
  it("a transaction runs once, as before: nothing is retried", async () => {
    let calls = 0;
    await expect(
      client.prisma.$transaction(async () => {
        calls++;
        throw writeConflictError();
      }),
    ).rejects.toMatchObject({ code: "P2034" });
    expect(calls).toBe(1);
  });
});

describe.runIf(testProvider === "postgresql")("on PostgreSQL", () => {
  beforeAll(async () => {
    await client.prisma.$executeRawUnsafe(`CREATE TABLE "RetryProbe" ("id" integer PRIMARY KEY, "v" integer NOT NULL)`);
  });

  async function resetProbe() {
    await client.prisma.$executeRawUnsafe(`DELETE FROM "RetryProbe"`);
    await client.prisma.$executeRawUnsafe(`INSERT INTO "RetryProbe" VALUES (1, 0), (2, 0)`);
  }

  /**
   * Two transactions that each update one row, wait until both have, then update the other's: PostgreSQL detects
   * the deadlock (after deadlock_timeout, 1 s) and aborts one. `$transaction` is `db.$transaction`.
   */
  async function deadlock(db: Pick<ClientModule["prisma"], "$transaction">) {
    let arrived = 0;
    let bothArrived!: () => void;
    const barrier = new Promise<void>((resolve) => (bothArrived = resolve));
    const runs: number[] = [];
    const transfer = (first: number, second: number) =>
      db.$transaction(async (tx) => {
        runs.push(first);
        await tx.$executeRaw`UPDATE "RetryProbe" SET "v" = "v" + 1 WHERE "id" = ${first}`;
        if (++arrived === 2) bothArrived();
        await barrier;
        await tx.$executeRaw`UPDATE "RetryProbe" SET "v" = "v" + 1 WHERE "id" = ${second}`;
      });
    const settled = await Promise.allSettled([transfer(1, 2), transfer(2, 1)]);
    return { settled, runs };
  }

  it("a real deadlock: the adapter's error is recognised as a conflict (the client without the retry)", async () => {
    await resetProbe();
    const raw = (globalThis as unknown as { prismaHandle: { client: ClientModule["prisma"] } }).prismaHandle.client;
    const { settled } = await deadlock(raw);
    const failures = settled.filter((s) => s.status === "rejected").map((s) => s.reason as unknown);
    expect(failures).toHaveLength(1);
    expect(client.postgresSqlState(failures[0])).toBe("40P01");
    expect(client.isTransactionConflict(failures[0])).toBe(true);
  }, 20_000);

  it("a real deadlock through the app's client: the aborted transaction runs again and both commit", async () => {
    await resetProbe();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { settled, runs } = await client.withDatabase("a deadlock test", () => deadlock(client.prisma), 15_000);
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(runs).toHaveLength(3); // the victim ran twice
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(
          /^\[db\] transaction rolled back \(.*deadlock detected.*\); running it again \(retry 1\)$/,
        ),
      ]);
    } finally {
      errors.mockRestore();
    }
    const rows = await client.prisma.$queryRawUnsafe<{ id: number; v: number }[]>(
      `SELECT "id", "v" FROM "RetryProbe" ORDER BY "id"`,
    );
    expect(rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  }, 20_000);

  it("a conflict that outlasts the retries is reported as the database unavailable, and the client is kept", async () => {
    const handle = () => (globalThis as unknown as { prismaHandle: unknown }).prismaHandle;
    const before = handle();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let calls = 0;
    try {
      await expect(
        client.withDatabase("a conflicting write", () =>
          client.prisma.$transaction(async () => {
            calls++;
            throw bareAdapterError("40P01");
          }),
        ),
      ).rejects.toBeInstanceOf(client.DatabaseUnavailableError);
    } finally {
      errors.mockRestore();
    }
    expect(calls).toBe(1 + client.TRANSACTION_RETRIES);
    expect(handle()).toBe(before);
  });

  it("no retry once withDatabase has given up (its deadline passed)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let calls = 0;
    try {
      await expect(
        client.withDatabase(
          "a slow conflicting write",
          () =>
            client.prisma.$transaction(async () => {
              calls++;
              await new Promise((resolve) => setTimeout(resolve, 150));
              throw rawQueryError("40001");
            }),
          50,
        ),
      ).rejects.toBeInstanceOf(client.DatabaseUnavailableError);
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      errors.mockRestore();
    }
    expect(calls).toBe(1);
  });

  it("a batch transaction (an array of queries) runs once", async () => {
    await resetProbe();
    await expect(
      client.prisma.$transaction([
        client.prisma.$executeRaw`UPDATE "RetryProbe" SET "v" = "v" + 1 WHERE "id" = 1`,
        client.prisma.$executeRawUnsafe(`SELECT 1/0`),
      ]),
    ).rejects.toBeTruthy();
    const [row] = await client.prisma.$queryRawUnsafe<{ v: number }[]>(`SELECT "v" FROM "RetryProbe" WHERE "id" = 1`);
    expect(row!.v).toBe(0);
  });
});
