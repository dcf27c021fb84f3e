// Started by playwright.config.ts: refuses a non-local database, wipes the throwaway one, then runs the
// normal start script with a forced rebuild.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "../../lib/db/database-url.mjs";
import { prepareDatabase } from "../../scripts/prisma-cli";
import { CRASHED_PURCHASE_ORDER, E2E_USERS } from "./env";

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

// What a crash between the write-ahead row and the outcome leaves behind: a submission still pending,
// from an hour ago. Start-up must mark it interrupted.
prepareDatabase(url);
const db = new Database(file);
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
