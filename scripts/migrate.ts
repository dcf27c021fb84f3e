// npm run db:migrate — applies prisma/migrations to DATABASE_URL (default: data/spectrum-ops.db).
import { existsSync } from "node:fs";
import { resolveDatabaseUrl } from "../lib/db/database-url.mjs";
import { DatabaseNotReadyError, prepareDatabase } from "./prisma-cli";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = resolveDatabaseUrl();
try {
  prepareDatabase(url);
} catch (error) {
  if (!(error instanceof DatabaseNotReadyError)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(`Database ready: ${url.replace(/\/\/[^@]*@/, "//***@")}`);
