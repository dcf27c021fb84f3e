import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { DB_FILE, E2E_ON_POSTGRES, openE2eDb, TMP_DIR, TOKEN } from "./support/env";

function everyRowAsText(): string {
  const db = openE2eDb();
  try {
    const tables = db.prepare("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all() as {
      name: string;
    }[];
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join("\n");
  } finally {
    db.close();
  }
}

// Runs after every other spec (see playwright.config.ts): by now the server has handled every kind of
// submission, so its output and the database hold whatever they would ever hold.
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test.describe("the Spectrum token never leaves the server", () => {
  test("it is a distinctive value that the run really used", () => {
    expect(TOKEN).toMatch(/^e2e-LEAKCANARY-[0-9a-f]{24}$/);
  });

  test("not in the browser bundles (.next/static)", () => {
    const files = filesUnder(path.join(process.cwd(), ".next", "static"));
    expect(files.length).toBeGreaterThan(5);
    const leaking = files.filter((f) => readFileSync(f).includes(TOKEN));
    expect(leaking).toEqual([]);
  });

  test("not in any page's HTML", async ({ page }) => {
    for (const route of ["/", "/ship", "/status", "/does-not-exist"]) {
      const response = await page.goto(route);
      const html = (await response?.text()) ?? "";
      expect(html.length).toBeGreaterThan(500);
      expect(html).not.toContain(TOKEN);
    }
  });

  test("not in the server's output", () => {
    const log = readFileSync(path.join(TMP_DIR, "server.log"), "utf8");
    expect(log).toContain("Ready");
    expect(log).not.toContain(TOKEN);
  });

  test("not in the database files", () => {
    // Raw bytes of the database and its write-ahead log, where recent writes live until a checkpoint. On
    // PostgreSQL, every row of every table of ours, as text.
    const files = [DB_FILE, `${DB_FILE}-wal`].filter((f) => existsSync(f));
    const bytes = E2E_ON_POSTGRES ? Buffer.from(everyRowAsText()) : Buffer.concat(files.map((f) => readFileSync(f)));
    // They do hold the submissions the other specs made, so the check looked at real data.
    expect(bytes.includes("PO-SHIP-")).toBe(true);
    expect(bytes.includes(TOKEN)).toBe(false);
  });
});
