/**
 * Synchronous PostgreSQL for the test helpers: the integration tests read and write the database directly with
 * better-sqlite3's synchronous API (`conn.prepare(sql).get(...)`). On PostgreSQL the same calls go to
 * `PgConnection`, which sends each query to a worker thread (tests/support/pg-sync-worker.mjs) and waits for it.
 *
 * The tests' SQL is SQLite's (bare camelCase names, `?`): it goes through the dialect translation of the app's own
 * hand-built SQL (lib/db/dialect.ts). Parameters are converted to what PostgreSQL inferred for them (a time given
 * as epoch milliseconds, a boolean as 0/1), and results come back as better-sqlite3's (see the worker).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { forDialect } from "@/lib/db/dialect";

const WORKER = fileURLToPath(new URL("./pg-sync-worker.mjs", import.meta.url));
const QUERY_TIMEOUT_MS = 30_000;

export class PgSyncError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly sql?: string,
  ) {
    super(message);
    this.name = "PgSyncError";
  }
}

type Result = { rows: Record<string, unknown>[]; rowCount: number };

/** One connection, one query at a time, synchronously. */
export class SyncPg {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port;
  private readonly worker;
  open = true;

  constructor(readonly url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER, {
      workerData: { url, shared: this.signal.buffer, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
  }

  query(sql: string, params: unknown[] = []): Result {
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ sql, params });
    if (Atomics.wait(this.signal, 0, 0, QUERY_TIMEOUT_MS) === "timed-out")
      throw new PgSyncError(`no answer from PostgreSQL within ${QUERY_TIMEOUT_MS} ms`, undefined, sql);
    const reply = receiveMessageOnPort(this.port)?.message as
      (Result & { error?: undefined }) | { error: { message: string; code?: string } };
    if (!reply) throw new PgSyncError("the PostgreSQL worker gave no answer", undefined, sql);
    if (reply.error) throw new PgSyncError(`${reply.error.message}\n  in: ${sql}`, reply.error.code, sql);
    return reply;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.port.close();
    void this.worker.terminate();
  }
}

/** The PostgreSQL types each statement's parameters were inferred as, by statement. */
const parameterTypes = new Map<string, string[]>();

/**
 * The subset of better-sqlite3's `Database` the tests use, over PostgreSQL. `lastInsertRowid` is the inserted row's
 * `id`; `pragma` is SQLite's alone.
 */
export class PgConnection {
  readonly db: SyncPg;
  inTransaction = false;

  constructor(url: string) {
    this.db = new SyncPg(url);
  }

  get open(): boolean {
    return this.db.open;
  }

  private typesOf(sql: string): string[] {
    let types = parameterTypes.get(sql);
    if (!types) {
      this.db.query(`PREPARE spectrum_probe AS ${sql}`);
      try {
        const [row] = this.db.query(
          "SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'spectrum_probe'",
        ).rows;
        types = (row?.types as string[] | undefined) ?? [];
      } finally {
        this.db.query("DEALLOCATE spectrum_probe");
      }
      parameterTypes.set(sql, types);
    }
    return types;
  }

  /** Runs one statement in SQLite's form; the parameters are converted to the types PostgreSQL expects. */
  run(statement: string, params: unknown[]): Result {
    const { sql } = forDialect({ sql: statement, params: [] }, "postgresql");
    if (params.length === 0) return this.db.query(sql);
    const types = this.typesOf(sql);
    const values = params.map((value, i) => {
      const type = types[i] ?? "";
      if (typeof value === "number" && type.startsWith("timestamp")) return new Date(value).toISOString();
      if (typeof value === "number" && type === "boolean") return value !== 0;
      if (typeof value === "bigint") return value.toString();
      return value;
    });
    return this.db.query(sql, values);
  }

  prepare(statement: string) {
    const insert = /^\s*INSERT\b/i.test(statement) && !/\bRETURNING\b/i.test(statement);
    const sql = insert ? `${statement} RETURNING *` : statement;
    const first = (row: Record<string, unknown> | undefined) => (row ? Object.values(row)[0] : undefined);
    return {
      get: (...params: unknown[]) => this.run(sql, params).rows[0],
      all: (...params: unknown[]) => this.run(sql, params).rows,
      pluck: () => ({
        get: (...params: unknown[]) => first(this.run(sql, params).rows[0]),
        all: (...params: unknown[]) => this.run(sql, params).rows.map(first),
      }),
      run: (...params: unknown[]) => {
        const result = this.run(sql, params);
        const id = result.rows[0]?.id;
        return { changes: result.rowCount, lastInsertRowid: typeof id === "number" ? id : 0 };
      },
    };
  }

  exec(sql: string): this {
    this.run(sql, []);
    return this;
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.db.query("BEGIN");
      this.inTransaction = true;
      try {
        const result = fn(...args);
        this.db.query("COMMIT");
        return result;
      } catch (error) {
        this.db.query("ROLLBACK");
        throw error;
      } finally {
        this.inTransaction = false;
      }
    };
  }

  pragma(): never {
    throw new Error("PRAGMA is SQLite's: this test runs on PostgreSQL");
  }

  close(): void {
    this.db.close();
  }
}
