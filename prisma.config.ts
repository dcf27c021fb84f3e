import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { databaseProvider, PRISMA_PATHS, resolveDatabaseUrl, sqliteFilePath } from "./lib/db/database-url.mjs";

// The CLI does not load .env by itself; the schema's env("DATABASE_URL") needs a value.
const url = resolveDatabaseUrl();
process.env.DATABASE_URL = url;
// The URL picks the provider, and with it the schema and the migrations folder (each provider has its own).
const provider = databaseProvider(url);
const file = sqliteFilePath(url);
if (file && file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });

/** pg's type ids: PostgreSQL's `name` (identifiers in its catalogs) and `text`. */
const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * The PostgreSQL adapter for the schema engine (migrate deploy, diff). @prisma/adapter-pg 6.19 cannot map columns
 * of type `name`, which the engine's catalog queries return, and fails with "Column type 'name' could not be
 * deserialized" (prisma/prisma#27403). A `name` is text in all but its type id, so each connection relabels such
 * columns in a result's description before the adapter reads it (pg parses both as plain strings).
 */
function postgresAdapter() {
  const pool = new pg.Pool({ connectionString: url });
  pool.on("connect", (client) => {
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
      for (const field of message.fields) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    });
  });
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // The adapter runs a migration by splitting it at every ";" (so a function body holding one would break) and
    // sends the pieces through the pool one by one. Sent whole instead, in one simple-protocol query, PostgreSQL
    // parses it itself (dollar-quoted bodies included) and runs it as one implicit transaction.
    const onError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        onError(error); // as the adapter reports it: a DriverAdapterError with PostgreSQL's code and message
      }
    };
    return adapter;
  };
  return factory;
}

export default defineConfig({
  schema: PRISMA_PATHS[provider].schema,
  migrations: { path: PRISMA_PATHS[provider].migrations },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => (provider === "postgresql" ? postgresAdapter() : new PrismaBetterSQLite3({ url })),
});
