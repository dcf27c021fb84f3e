// The worker behind tests/support/pg-sync.ts: one pg connection answering one query at a time, so that the test
// helpers can read and write PostgreSQL synchronously, as they do SQLite with better-sqlite3. Values come back as
// better-sqlite3 gives SQLite's: times as epoch milliseconds, booleans as 0/1, 64-bit integers as numbers.
import { workerData } from "node:worker_threads";
import pg from "pg";

/** @type {{ url: string, shared: SharedArrayBuffer, port: import("node:worker_threads").MessagePort }} */
const { url, shared, port } = workerData;
const signal = new Int32Array(shared);

/** @type {Record<number, (value: string) => unknown>} */
const parsers = {
  16: (v) => (v === "t" ? 1 : 0), // boolean
  20: Number, // bigint (COUNT(*), BIGINT columns)
  1700: Number, // numeric
  1114: (v) => Date.parse(`${v.replace(" ", "T")}Z`), // timestamp (stored in UTC)
  1184: (v) => Date.parse(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")), // timestamptz
};
const types = /** @type {import("pg").CustomTypesConfig} */ ({
  getTypeParser: (/** @type {number} */ oid) => parsers[oid] ?? pg.types.getTypeParser(oid),
});

const client = new pg.Client({ connectionString: url, types });
const connected = client.connect();

/** @param {unknown} message */
function reply(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on("message", async (/** @type {{ sql: string, params: unknown[] }} */ { sql, params }) => {
  try {
    await connected;
    /** @type {import("pg").QueryResult | import("pg").QueryResult[]} */
    const result = await client.query(sql, params);
    const last = Array.isArray(result) ? result.at(-1) : result;
    reply({ rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
  } catch (caught) {
    const error = /** @type {{ message: string, code?: string, detail?: string }} */ (caught);
    reply({ error: { message: error.message, code: error.code, detail: error.detail } });
  }
});
port.on("close", () => void client.end().catch(() => undefined));
