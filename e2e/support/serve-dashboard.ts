// Started by playwright.config.ts: refuses a non-local database, wipes the throwaway one (a SQLite file, or the
// database "spectrum_e2e" on a local PostgreSQL), then runs the normal start script with a forced rebuild.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "../../lib/db/database-url.mjs";
import { prepareDatabase } from "../../scripts/prisma-cli";
import { SyncPg } from "../../tests/support/pg-sync";
import { CRASHED_PURCHASE_ORDER, E2E_USERS, openE2eDb } from "./env";

const url = resolveDatabaseUrl();
const file = sqliteFilePath(url);
const tmp = path.join(process.cwd(), "e2e", ".tmp");
mkdirSync(tmp, { recursive: true });
if (process.env.SERVER_LOG_FILE) rmSync(process.env.SERVER_LOG_FILE, { force: true });
if (file) {
  if (!path.resolve(file).startsWith(tmp + path.sep)) {
    console.error(`Refusing to run e2e tests against ${url}: the e2e database must be a file under ${tmp}.`);
    process.exit(1);
  }
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
} else {
  // PostgreSQL: only a server on this machine, and only its database "spectrum_e2e", which is made afresh.
  const parsed = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname) || parsed.pathname !== "/spectrum_e2e") {
    console.error(`Refusing to run e2e tests against ${url}: use a local server's database "spectrum_e2e".`);
    process.exit(1);
  }
  const admin = new SyncPg(Object.assign(new URL(url), { pathname: "/postgres" }).toString());
  try {
    admin.query("DROP DATABASE IF EXISTS spectrum_e2e WITH (FORCE)");
    admin.query("CREATE DATABASE spectrum_e2e");
  } finally {
    admin.close();
  }
}

// What a crash between the write-ahead row and the outcome leaves behind: a submission still pending,
// from an hour ago. Start-up must mark it interrupted.
prepareDatabase(url);
const db = file ? new Database(file) : openE2eDb();
const createdAt = Date.now() - 60 * 60 * 1000;
const { lastInsertRowid } = db
  .prepare(
    `INSERT INTO Submission (kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey, state, lineCount, createdAt)
     VALUES ('tracking', 'Sandbox', ?, ?, ?, 'hash', 'crashed-before-start', 'pending', 1, ?)`,
  )
  .run(
    process.env.SPECTRUM_BASE_URL ?? "",
    CRASHED_PURCHASE_ORDER,
    JSON.stringify({
      purchaseOrderNumber: CRASHED_PURCHASE_ORDER,
      lineItems: [{ recipeSetReadableId: "CRASH1", shipmentTracking: "T" }],
    }),
    createdAt,
  );
db.prepare(
  "INSERT INTO SubmissionLineItem (submissionId, position, recipeSetReadableId, shipmentTracking, outcome) VALUES (?, 0, 'CRASH1', 'T', 'pending')",
).run(lastInsertRowid);
db.close();

// The test users, one per role (the start script's first-admin bootstrap then has nothing to do).
for (const [role, user] of Object.entries(E2E_USERS)) {
  const run = spawnSync(
    path.join("node_modules", ".bin", "tsx"),
    [
      "--conditions=react-server",
      "scripts/user-create.ts",
      "--email",
      user.email,
      "--name",
      user.name,
      "--role",
      role,
      "--password",
      user.password,
    ],
    { stdio: "inherit", env: process.env },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const child = spawn(process.execPath, ["scripts/start.mjs", "--rebuild"], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
