// npm run db:migrate — applies prisma/migrations to DATABASE_URL (default: data/spectrum-ops.db).
import { existsSync } from "node:fs";
import { resolveDatabaseUrl } from "../lib/db/database-url.mjs";
import { prepareDatabase } from "./prisma-cli";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = resolveDatabaseUrl();
prepareDatabase(url);
console.log(`Database ready: ${url.replace(/\/\/[^@]*@/, "//***@")}`);
