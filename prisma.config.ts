import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl, sqliteFilePath } from "./lib/db/database-url.mjs";

// The CLI does not load .env by itself; the schema's env("DATABASE_URL") needs a value.
const url = resolveDatabaseUrl();
process.env.DATABASE_URL = url;
const file = sqliteFilePath(url);
if (file && file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
