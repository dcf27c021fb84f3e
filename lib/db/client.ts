import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-postgresql/client";
import { databaseProvider } from "@/lib/db/database-url.mjs";
import { env } from "@/lib/env.mjs";

/**
 * The database in force, from DATABASE_URL: "sqlite" (file:) or "postgresql". Each has its own generated client
 * (prisma/schema.prisma, prisma/postgresql/schema.prisma: the same models); both expose the same API, so the rest
 * of lib/db uses the SQLite client's types for either.
 */
export const provider = databaseProvider(env.databaseUrl);

/** How long a write waits for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout) before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Longest one database operation of the audit log may take. Past it the client is presumed stuck (a leaked
 * transaction lock never resolves) and is replaced, so no request can hang on the database.
 */
export const DATABASE_DEADLINE_MS = BUSY_TIMEOUT_MS + 3_000;

/** The database could not be reached or written in time, or failed: the caller decides what to tell the user. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`audit database unavailable during ${operation}: ${reason}`, options);
    this.name = "DatabaseUnavailableError";
  }
}

interface Handle {
  client: PrismaClient;
  /** the adapter's better-sqlite3 connection, once Prisma has opened it (SQLite only) */
  connection: Database.Database | null;
  ready: Promise<void> | null;
  retired: boolean;
}

/**
 * Prisma 6.19's better-sqlite3 adapter never sends ROLLBACK: when a COMMIT fails (disk full, I/O error, a reader
 * holding the lock) the shared connection stays inside the failed transaction and the adapter's transaction mutex
 * is never released, so every later transaction waits forever (prisma/orm#29933; the fix, #29955, is unreleased).
 * Nothing inside the client can repair that, so the connection is captured here: `withDatabase` closes it (which
 * rolls the transaction back) and replaces the client.
 */
function adapterFor(handle: Handle) {
  const factory = new PrismaBetterSQLite3(
    { url: env.databaseUrl, timeout: BUSY_TIMEOUT_MS },
    { timestampFormat: "unixepoch-ms" },
  );
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const connection = (adapter as unknown as { client: Database.Database }).client;
    handle.connection = connection;
    // Transactions start with BEGIN IMMEDIATE (the adapter sends a plain, deferred BEGIN): the write lock is taken
    // at the start, waiting up to the busy timeout. A deferred transaction takes it at its first write instead, and
    // when another process wrote meanwhile SQLite answers SQLITE_BUSY at once, without waiting ("database is
    // locked" under concurrent sends from several server processes on one file). Every transaction here writes.
    const prepare = connection.prepare.bind(connection);
    connection.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof prepare;
    return adapter;
  };
  return factory;
}

/**
 * PostgreSQL connections per dashboard process (pg's default is 10). An interactive transaction holds one for its
 * whole length, including the wait for the audit chain's head, so 10 is tight for the fault suite's 50 sends at once.
 * Two instances use 40 of the server's default 100 `max_connections`.
 */
export const POSTGRES_POOL_SIZE = 20;

/**
 * PostgreSQL: Prisma's interactive transactions by default wait 2 s for a connection of the pool (`maxWait`) and may
 * last 5 s (`timeout`); under load sends were refused with "Unable to start a transaction in the given time".
 * Inside `withDatabase` its deadline still bounds the whole operation; these bound the transactions outside it
 * (sign-in events, Better Auth's). A transaction that passes its own options (sealing the legacy records) keeps
 * them. SQLite keeps Prisma's defaults: its one writer never waits for a pool.
 */
export const POSTGRES_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * PostgreSQL: a pool whose every wait is bounded on the server too. A lock is waited for as long as SQLite's busy
 * timeout, a statement runs at most the deadline (the server cancels what `withDatabase` has given up on), and a
 * transaction left idle (a client that failed mid-transaction) is ended by the server, releasing its locks.
 */
function postgresAdapter() {
  return new PrismaPg(
    {
      connectionString: env.databaseUrl,
      max: POSTGRES_POOL_SIZE,
      connectionTimeoutMillis: BUSY_TIMEOUT_MS,
      lock_timeout: BUSY_TIMEOUT_MS,
      statement_timeout: DATABASE_DEADLINE_MS,
      idle_in_transaction_session_timeout: 30_000,
      // No JIT: GIN estimates every details search at 20,000 rows, which lifts the history page's cost past
      // jit_above_cost, and compiling then costs 13-16 ms for a 0.2 ms query (measured at 1,000,000 submissions:
      // a recipe ID search p50 23 ms with JIT, 1.6 ms without; README › History at scale).
      options: "-c jit=off",
    },
    { onPoolError: (error) => console.error(`[db] PostgreSQL connection lost: ${error.message}`) },
  );
}

function createHandle(): Handle {
  const handle: Handle = {
    client: undefined as unknown as PrismaClient,
    connection: null,
    ready: null,
    retired: false,
  };
  handle.client =
    provider === "postgresql"
      ? (new PostgresPrismaClient({
          adapter: postgresAdapter(),
          transactionOptions: POSTGRES_TRANSACTION_OPTIONS,
        }) as unknown as PrismaClient)
      : new PrismaClient({ adapter: adapterFor(handle) });
  return handle;
}

/** The operation `withDatabase` is running, for the transactions inside it: whether its deadline has passed. */
const operationScope = new AsyncLocalStorage<{ expired: boolean }>();

/** SQLSTATEs after which PostgreSQL has rolled the whole transaction back and asks for it to be run again. */
const RETRYABLE_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

/**
 * The SQLSTATE behind an error from the PostgreSQL client, wherever it is: the driver adapter's error, wrapped
 * (`meta.driverAdapterError.cause.originalCode`, e.g. P2010 from a raw query, P2034 from a model query on 40001) or
 * bare (a model query on 40P01 throws the DriverAdapterError itself, with the code in `cause`), or pg's own
 * DatabaseError (`code`).
 */
export function postgresSqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const cause = (c: unknown) => {
    const code = (c as { originalCode?: unknown; code?: unknown } | undefined) ?? {};
    const value = code.originalCode ?? code.code;
    return typeof value === "string" ? value : undefined;
  };
  if (error instanceof Prisma.PrismaClientKnownRequestError)
    return cause((error.meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause);
  const named = error as { name?: unknown; cause?: unknown; code?: unknown };
  if (named.name === "DriverAdapterError") return cause(named.cause);
  if (named.name === "DatabaseError" && typeof named.code === "string") return named.code;
  return undefined;
}

/**
 * A transaction PostgreSQL rolled back as a whole for running into another (a deadlock, or a serialization failure;
 * Prisma's P2034 names both): running it again from the start is safe and usually succeeds.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return true;
  return RETRYABLE_SQLSTATES.has(postgresSqlState(error) ?? "");
}

/** Runs after the first: 3 more, each after a short random pause (about 25, 50, 100 ms on average). */
export const TRANSACTION_RETRIES = 3;
const RETRY_BASE_MS = 25;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL: `prisma.$transaction` that runs the transaction again when the server rolled it back for a deadlock
 * or a serialization failure (`isTransactionConflict`), up to TRANSACTION_RETRIES times with a jittered backoff.
 * Safe because the whole transaction was rolled back and its callback touches the database alone (no transaction
 * callback in lib calls Spectrum or changes anything outside it). Any other error, and the last conflict, is thrown
 * as it came. Retries stay within the caller's `withDatabase` deadline.
 */
export async function retryTransactionConflicts<T>(
  run: () => Promise<T>,
  options: { retries?: number; onRetry?: (attempt: number, error: unknown) => void } = {},
): Promise<T> {
  const retries = options.retries ?? TRANSACTION_RETRIES;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= retries || !isTransactionConflict(error)) throw error;
      // The caller has given up (its withDatabase deadline passed): a late success would write what it reported
      // as not written.
      if (operationScope.getStore()?.expired) throw error;
      options.onRetry?.(attempt + 1, error);
      // "Full jitter": anywhere from half to all of an exponentially growing step, so two losers do not collide again.
      const step = RETRY_BASE_MS * 2 ** attempt;
      await pause(step / 2 + Math.random() * step);
    }
  }
}

const globalForPrisma = globalThis as unknown as { prismaHandle?: Handle };

function current(): Handle {
  return (globalForPrisma.prismaHandle ??= createHandle());
}

/**
 * The Prisma client in force. A proxy, so that when a stuck or failed client is replaced
 * (`replaceDatabaseClient`), every module holding `prisma` uses the new one from its next call.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = current().client;
    const value = Reflect.get(client, property, client) as unknown;
    if (typeof value !== "function") return value;
    const bound = (value as (...args: unknown[]) => Promise<unknown>).bind(client);
    // Every transaction of the app goes through here: on PostgreSQL, an interactive one (a callback, which can simply
    // be called again) rolled back by a conflict runs again. A batch (an array of queries) runs once.
    if (property === "$transaction" && provider === "postgresql")
      return (...args: unknown[]) =>
        typeof args[0] !== "function"
          ? bound(...args)
          : retryTransactionConflicts(() => bound(...args), {
              onRetry: (attempt, error) =>
                console.error(`[db] transaction rolled back (${describe(error)}); running it again (retry ${attempt})`),
            });
    return bound;
  },
});

/**
 * SQLite: WAL lets the history pages read while a submission is being written; the setting is stored in the
 * database file, so doing it once per connection is enough. PostgreSQL needs nothing.
 */
export function dbReady(): Promise<void> {
  const handle = current();
  if (provider === "postgresql") return (handle.ready ??= Promise.resolve());
  handle.ready ??= handle.client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(
    () => undefined,
    (error: unknown) => {
      handle.ready = null;
      throw error;
    },
  );
  return handle.ready;
}

/** How long the old connection may finish reads already under way before it is closed. */
const RETIRE_GRACE_MS = 5_000;

/**
 * Drops the client that failed and opens a fresh one for the next call. The old connection is closed at once
 * when it is still inside a transaction (it holds SQLite's write lock, and closing rolls it back), otherwise
 * after a grace period. Only the client that failed is replaced: concurrent failures replace it once.
 * (PostgreSQL: the old pool is closed after the grace period; the server rolls back what it left open.)
 */
function replaceDatabaseClient(failed: Handle, reason: string) {
  if (failed.retired) return;
  failed.retired = true;
  if (globalForPrisma.prismaHandle === failed) globalForPrisma.prismaHandle = createHandle();
  console.error(`[db] database client replaced after a failure: ${reason}`);
  const close = () => {
    try {
      failed.connection?.close();
    } catch {
      // already closed
    }
    // Not awaited: a stuck client may never settle.
    void failed.client.$disconnect().catch(() => undefined);
  };
  if (failed.connection?.open && failed.connection.inTransaction) close();
  else setTimeout(close, RETIRE_GRACE_MS).unref();
}

/** Errors that say the data was refused, not that the database failed: the client is healthy after them. */
const DATA_ERROR_CODES = new Set(["P2002", "P2003", "P2025"]);
/** The same refusals from a raw query (P2010), as the driver adapter names them. */
const DATA_ERROR_KINDS = new Set([
  "UniqueConstraintViolation",
  "ForeignKeyConstraintViolation",
  "NullConstraintViolation",
]);

/** The driver adapter's name for what went wrong in a raw query, e.g. "UniqueConstraintViolation". */
function rawQueryErrorKind(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  if (error.code !== "P2010") return undefined;
  return (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause?.kind;
}

/** A unique constraint refused the write: P2002 from a model query, or the adapter's kind from a raw one. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === "P2002" || rawQueryErrorKind(error) === "UniqueConstraintViolation";
}

function isDataError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError)
    return DATA_ERROR_CODES.has(error.code) || DATA_ERROR_KINDS.has(rawQueryErrorKind(error) ?? "");
  return !(
    error instanceof DatabaseUnavailableError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientRustPanicError ||
    // the driver's own errors when they are not wrapped: better-sqlite3's SqliteError, pg's DatabaseError
    // (PostgreSQL's integrity violations, SQLSTATE class 23, are about the data)
    (error instanceof Error &&
      (error.name === "SqliteError" ||
        (error.name === "DatabaseError" && !String((error as { code?: unknown }).code).startsWith("23"))))
  );
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Prisma's messages start with a code frame of the call site; the driver's reason is on the last line.
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? "unknown error").slice(0, 300);
}

/**
 * Runs one database operation of the audit log with a deadline. A database failure or a missed deadline replaces
 * the client (so the next call starts clean instead of inheriting a wedged transaction) and is reported as a
 * DatabaseUnavailableError; errors about the data itself (unique keys, our own checks) pass through unchanged.
 */
export async function withDatabase<T>(
  operation: string,
  run: () => Promise<T>,
  deadlineMs = DATABASE_DEADLINE_MS,
): Promise<T> {
  const handle = current();
  const scope = { expired: false };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      scope.expired = true;
      reject(new DatabaseUnavailableError(operation, `no answer within ${deadlineMs} ms`));
    }, deadlineMs);
  });
  try {
    return await Promise.race([operationScope.run(scope, () => dbReady().then(run)), deadline]);
  } catch (error) {
    // A conflict that outlasted the retries is about the load, not the client: it is reported, and the client kept.
    const conflict = provider === "postgresql" && isTransactionConflict(error);
    if (isDataError(error) && !conflict) throw error;
    const reason = error instanceof DatabaseUnavailableError ? error.reason : describe(error);
    if (!conflict) replaceDatabaseClient(handle, `${operation}: ${reason}`);
    throw error instanceof DatabaseUnavailableError
      ? error
      : new DatabaseUnavailableError(operation, reason, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
