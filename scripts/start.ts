// npm start            build if needed, then serve the dashboard (production mode)
// npm run dev          the same with `next dev`
// Run through scripts/start.mjs, which bundles this file and runs it in one plain Node process.
// Without SPECTRUM_BASE_URL, the built-in Spectrum sandbox is started on loopback and used.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "../lib/db/database-url.mjs";
import { DatabaseNotReadyError, prepareDatabase } from "./prisma-cli";

const { values: args } = parseArgs({
  options: { dev: { type: "boolean", default: false }, rebuild: { type: "boolean", default: false } },
});

if (existsSync(".env")) process.loadEnvFile(".env");
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.DATABASE_URL = resolveDatabaseUrl();

const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";
process.env.BETTER_AUTH_URL ||= `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;

// Sessions are signed with BETTER_AUTH_SECRET. Without one, a random secret is kept in data/ (git-ignored)
// so sessions survive restarts of this installation.
if (!process.env.BETTER_AUTH_SECRET) {
  const file = path.join(process.cwd(), "data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.BETTER_AUTH_SECRET = readFileSync(file, "utf8").trim();
}

if (!process.env.SPECTRUM_BASE_URL) {
  const { createSandbox } = await import("../sandbox/server");
  const token = `sandbox-${randomBytes(18).toString("base64url")}`;
  const timeoutMs = Number(process.env.SPECTRUM_TIMEOUT_MS ?? 15_000);
  const { parseWorkflowStatusList } = await import("../lib/schemas/workflow-statuses.mjs");
  // The sandbox accepts the statuses the dashboard is configured with (a bad list is reported by parseEnv below).
  const statuses = parseWorkflowStatusList(process.env.SPECTRUM_WORKFLOW_STATUSES);
  const sandbox = createSandbox({
    token,
    slowMs: Number(process.env.SANDBOX_SLOW_MS ?? timeoutMs + 5_000),
    workflowStatuses: statuses.ok ? statuses.statuses : undefined,
  });
  const url = await sandbox.listen(Number(process.env.SANDBOX_PORT ?? 0));
  Object.assign(process.env, {
    SPECTRUM_BASE_URL: url,
    SPECTRUM_API_TOKEN: token,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_ENVIRONMENT_NAME: process.env.SPECTRUM_ENVIRONMENT_NAME || "Sandbox",
  });
  console.log(`Spectrum sandbox (no SPECTRUM_BASE_URL configured) on ${url}`);
}

// Fails with a readable list of problems before anything is built or served.
try {
  const { parseEnv } = await import("../lib/env.mjs");
  const env = parseEnv(process.env);
  console.log(`Spectrum: ${env.environmentName} (${env.spectrumBaseUrl})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

try {
  prepareDatabase();
} catch (error) {
  if (!(error instanceof DatabaseNotReadyError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// A fresh database gets a first admin, whose one-time password is printed here. Once there are users, nothing to
// do: a quick look at the file saves starting a second process (about a second of every start).
function hasUsers(): boolean {
  const file = sqliteFilePath(process.env.DATABASE_URL);
  if (!file) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM User").get() as { n: number }).n > 0;
  } finally {
    db.close();
  }
}
const bootstrap = hasUsers()
  ? { status: 0 }
  : spawnSync(
      path.join(process.cwd(), "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/user-create.ts", "--bootstrap"],
      { stdio: "inherit", env: process.env },
    );
if (bootstrap.status !== 0) process.exit(bootstrap.status ?? 1);

const nextBin = path.join(process.cwd(), "node_modules", ".bin", "next");

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

function needsBuild() {
  const buildId = path.join(".next", "BUILD_ID");
  if (args.rebuild || !existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "generated", "next.config.mjs", "package.json", "postcss.config.mjs"];
  return sources.some((s) => newestMtime(s) > built);
}

if (!args.dev && needsBuild()) {
  console.log("Building the dashboard…");
  const build = spawnSync(nextBin, ["build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Hand over to the Next server in this process, exactly as `next start` (or `next dev`) runs it: its own signal
// handling, NODE_ENV and "Ready" line. Killed, this process ends as the server does.
// Optional copy of the server's output (the e2e token-leak check reads it).
if (process.env.SERVER_LOG_FILE) {
  const log = createWriteStream(process.env.SERVER_LOG_FILE, { flags: "a" });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      log.write(typeof chunk === "string" || chunk instanceof Uint8Array ? chunk : String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
process.argv = [process.argv[0]!, nextBin, args.dev ? "dev" : "start", "--port", port, "--hostname", host];
createRequire(import.meta.url)(path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"));
