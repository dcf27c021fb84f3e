// Started by playwright.config.ts: refuses a non-local database, wipes the throwaway one, then runs the
// normal start script with a forced rebuild.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { resolveDatabaseUrl, sqliteFilePath } from "../../lib/db/database-url.mjs";

const url = resolveDatabaseUrl();
const file = sqliteFilePath(url);
const tmp = path.join(process.cwd(), "e2e", ".tmp");
if (!file || !path.resolve(file).startsWith(tmp + path.sep)) {
  console.error(`Refusing to run e2e tests against ${url}: the e2e database must be a file under ${tmp}.`);
  process.exit(1);
}
mkdirSync(tmp, { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
if (process.env.SERVER_LOG_FILE) rmSync(process.env.SERVER_LOG_FILE, { force: true });

const child = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts", "--rebuild"], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
