import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempDatabase, MIGRATE_TIMEOUT_MS, type TempDatabase, testProvider } from "./support/integration";

// A second dashboard on the same SQLite file: another process keeps the database open in WAL mode (as a running
// dashboard does) while `npm run db:migrate` (the same prepareDatabase that `npm start` runs) starts.
const HOLDER = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1], { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.prepare("INSERT INTO AuthEvent (type, createdAt) VALUES ('sign_in', 0)").run();
console.log("holding");
setInterval(() => db.prepare("SELECT count(*) FROM AuthEvent").get(), 200);
`;

function holdOpen(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", HOLDER, file], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

function migrate(url: string) {
  return spawnSync(path.join("node_modules", ".bin", "tsx"), ["scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    timeout: 90_000,
  });
}

// SQLite's file lock: PostgreSQL's schema engine takes an advisory lock and waits for it.
describe.skipIf(testProvider === "postgresql")("migrating a database another process has open", () => {
  let db: TempDatabase;
  let holder: ChildProcess | null = null;
  beforeEach(() => {
    db = createTempDatabase("migrate-shared");
  }, MIGRATE_TIMEOUT_MS);
  afterEach(() => {
    holder?.kill("SIGKILL");
    holder = null;
    db.remove();
  });

  it(
    "succeeds without touching the database when every migration is already applied",
    async () => {
      holder = await holdOpen(db.file);
      const run = migrate(db.url);
      expect(run.stderr).not.toContain("SocketTimeout");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("Database ready");
    },
    MIGRATE_TIMEOUT_MS,
  );

  it(
    "with a migration still to apply, says in one sentence what is wrong and what to do",
    async () => {
      const last = db.use(
        (d) =>
          d.prepare("SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC").get() as {
            name: string;
          },
      );
      // The newest migration is recorded as not applied yet: deploy must run, and cannot while the file is in use.
      db.use((d) => d.prepare("DELETE FROM _prisma_migrations WHERE migration_name = ?").run(last.name), {
        writable: true,
      });
      holder = await holdOpen(db.file);
      const run = migrate(db.url);
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toEqual([
        `The database ${db.file} has 1 migration to apply (${last.name}) but another process is using it: stop the other dashboards using it, run \`npm run db:migrate\`, then start again.`,
      ]);
    },
    MIGRATE_TIMEOUT_MS,
  );
});
