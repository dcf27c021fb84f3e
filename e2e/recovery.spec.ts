// Faults that used to end a send unrecorded or stop the dashboard until a restart. Each test runs its own
// dashboard process (the production build, through the start script) on its own database and a scripted Spectrum
// stub, then breaks something real: the disk, the database lock, the process itself. The database is a SQLite file,
// or, on a PostgreSQL run, a fresh database on that server (the full-disk tests are SQLite's: its file is on the
// dashboard's disk).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SyncPg } from "../tests/support/pg-sync";
import { signIn, startDashboardProcess } from "./support/dashboard-process";
import { E2E_ON_POSTGRES, TMP_DIR, uid } from "./support/env";
import { startFaultStub } from "./support/fault-stub";
import { mountSmallDisk, type SmallDisk } from "./support/small-disk";
import { specDatabase, type SpecDatabase } from "./support/spec-database";

const TOKEN = "faults-stub-token-7f3a9c";

// Each test starts one or two servers: in order, in one worker, so they get the machine's cores in turn.
test.describe.configure({ mode: "default", timeout: 180_000 });

interface Row {
  id: number;
  purchaseOrderNumber: string;
  state: string;
  httpStatus: number | null;
  message: string | null;
  spectrumDetails: string | null;
  responseBody: string | null;
}

function rows(database: SpecDatabase, poPrefix: string): Row[] {
  return database.read(
    (db) =>
      db.prepare("SELECT * FROM Submission WHERE purchaseOrderNumber LIKE ? ORDER BY id").all(`${poPrefix}%`) as Row[],
  );
}

function attentionIds(database: SpecDatabase): number[] {
  return database.read((db) =>
    (db.prepare("SELECT submissionId FROM AttentionItem").all() as { submissionId: number }[]).map(
      (r) => r.submissionId,
    ),
  );
}

/**
 * Another process takes the database's write lock and keeps it: SQLite's (BEGIN IMMEDIATE), or on PostgreSQL an
 * EXCLUSIVE lock on the submissions table, which stops every write to it and lets reads through (as SQLite's WAL
 * does). Returns what releases it.
 */
function holdWriteLock(database: SpecDatabase): () => void {
  if (database.provider === "sqlite") {
    const locker = database.open({ writable: true });
    locker.exec("BEGIN IMMEDIATE");
    return () => {
      if (!locker.open) return;
      locker.exec("ROLLBACK");
      locker.close();
    };
  }
  const locker = new SyncPg(database.url);
  locker.query("BEGIN");
  locker.query('LOCK TABLE "Submission" IN EXCLUSIVE MODE');
  return () => {
    if (!locker.open) return;
    locker.query("ROLLBACK");
    locker.close();
  };
}

async function fillShipForm(page: Page, po: string, recipeSetId: string, tracking: string) {
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill(recipeSetId);
  await page.getByLabel("Tracking number").fill(tracking);
}

const sendButton = (page: Page) => page.getByRole("button", { name: "Send tracking" });
const resultHeading = (page: Page) => page.getByTestId("submission-result").getByRole("heading");

/** Everything a test started, stopped in reverse order whatever happened. */
function cleanup() {
  const steps: (() => unknown)[] = [];
  return {
    add: (step: () => unknown) => steps.push(step),
    async run() {
      for (const step of steps.reverse()) await Promise.resolve(step()).catch(() => undefined);
    },
  };
}

/** A scripted Spectrum, a dashboard on `database` using it, and a signed-in page; `done` stops them all. */
async function stage(done: ReturnType<typeof cleanup>, browser: Browser, database: SpecDatabase) {
  const stub = await startFaultStub(TOKEN);
  done.add(() => stub.close());
  const dashboard = await startDashboardProcess({
    databaseUrl: database.url,
    spectrumUrl: stub.url,
    token: TOKEN,
    timeoutMs: 5_000,
  });
  done.add(() => dashboard.killHard());
  const page = await signIn(browser, dashboard);
  done.add(() => page.context().close());
  return { stub, dashboard, page };
}

function workDir(name: string) {
  mkdirSync(TMP_DIR, { recursive: true });
  return mkdtempSync(path.join(TMP_DIR, `${name}-`));
}

/** A database of its own for the test, removed by `done` (on SQLite, a file in the test's folder). */
function ownDatabase(done: ReturnType<typeof cleanup>, name: string, dir: string): SpecDatabase {
  const database = specDatabase(name, path.join(dir, "audit.db"));
  done.add(() => database.remove());
  return database;
}

function smallDiskOrSkip(name: string): SmallDisk {
  test.skip(E2E_ON_POSTGRES, "a full disk under the SQLite file: PostgreSQL's data is on its server's disk");
  const disk = mountSmallDisk(path.join(workDir(name), "disk"), 16);
  test.skip("error" in disk, "error" in disk ? disk.error : "");
  return disk as SmallDisk;
}

test("a full disk refuses the send clearly, and once space is freed the next send goes through without a restart", async ({
  browser,
}) => {
  const disk = smallDiskOrSkip("disk-full");
  const done = cleanup();
  done.add(() => disk.unmount());
  try {
    const database = specDatabase("recovery-disk-full", path.join(disk.dir, "audit.db"));
    const { stub, page } = await stage(done, browser, database);

    const po = `PO-DISKFULL-${uid()}`;
    await fillShipForm(page, po, "RSDISK01", "1ZDISK0000000001");
    disk.fill();
    await sendButton(page).click();
    const refusal = page.getByRole("alert").filter({ hasText: "audit log cannot be written" });
    await expect(refusal).toContainText("nothing was sent to Spectrum");
    expect(stub.received.filter((r) => r.purchaseOrderNumber === po)).toHaveLength(0);

    disk.free();
    await sendButton(page).click();
    await expect(resultHeading(page)).toContainText("Succeeded", { timeout: 20_000 });
    expect(stub.received.filter((r) => r.purchaseOrderNumber === po)).toHaveLength(1);
    expect(rows(database, po).map((r) => r.state)).toEqual(["succeeded"]);
  } finally {
    await done.run();
  }
});

test("kill -9 with 20 sends in flight and a quick restart: the 20 become interrupted and need attention, without another restart", async ({
  browser,
}) => {
  const done = cleanup();
  const dir = workDir("restart");
  done.add(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const stub = await startFaultStub(TOKEN);
    done.add(() => stub.close());
    const prefix = `PO-INFLIGHT-${uid()}-`;
    const pos = Array.from({ length: 20 }, (_, i) => `${prefix}${String(i + 1).padStart(2, "0")}`);
    // Spectrum takes its time: every call is still waiting when the server dies.
    for (const po of pos) stub.on(po, () => new Promise(() => undefined));
    const database = ownDatabase(done, "recovery-restart", dir);
    // A long Spectrum timeout: the restart is well within it, as a supervisor's would be.
    const options = { databaseUrl: database.url, spectrumUrl: stub.url, token: TOKEN, timeoutMs: 10_000 };
    const first = await startDashboardProcess(options);
    done.add(() => first.killHard());
    const page = await signIn(browser, first);
    done.add(() => page.context().close());

    // The first send through the form shows the action request, which the other 19 replay with their own orders.
    await fillShipForm(page, pos[0]!, "RSINF001", "1ZINFLIGHT000001");
    const [action] = await Promise.all([
      page.waitForRequest(
        (r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes("idempotencyKey"),
      ),
      sendButton(page).click(),
    ]);
    const headers = {
      "next-action": action.headers()["next-action"]!,
      accept: "text/x-component",
      "content-type": action.headers()["content-type"] ?? "text/plain;charset=UTF-8",
    };
    for (const po of pos.slice(1)) {
      const data = JSON.stringify([
        {
          idempotencyKey: crypto.randomUUID(),
          payload: {
            purchaseOrderNumber: po,
            lineItems: [{ recipeSetReadableId: "RSINF001", shipmentTracking: "1ZINFLIGHT000001" }],
          },
        },
      ]);
      void page.request.post("/ship", { headers, data }).catch(() => undefined);
    }
    await stub.waitFor(prefix, 20, 8_000);
    await first.killHard();
    expect(rows(database, prefix).map((r) => r.state)).toEqual(pos.map(() => "pending"));

    const second = await startDashboardProcess(options);
    done.add(() => second.killHard());
    // Within Spectrum's timeout plus the recovery margin, the rows are recovered by the running server.
    await expect
      .poll(() => rows(database, prefix).map((r) => r.state), { timeout: 60_000, intervals: [1_000] })
      .toEqual(pos.map(() => "interrupted"));
    const ids = rows(database, prefix).map((r) => r.id);
    expect(attentionIds(database)).toEqual(expect.arrayContaining(ids));

    const again = await signIn(browser, second);
    done.add(() => again.context().close());
    await again.goto("/history/attention");
    await expect(again.getByRole("main")).toContainText(pos[19]!);
    await expect(again.getByRole("main")).toContainText(pos[0]!);
    expect(second.output()).toContain("20 submission(s) left pending marked interrupted");
  } finally {
    await done.run();
  }
});

test("Spectrum's details with a lone surrogate are recorded (as U+FFFD), not lost", async ({ browser }) => {
  const done = cleanup();
  const dir = workDir("surrogate");
  done.add(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const database = ownDatabase(done, "recovery-surrogate", dir);
    const { stub, page } = await stage(done, browser, database);
    const po = `PO-SURROGATE-${uid()}`;
    // The escape text as it comes over the wire: valid JSON, but half of an emoji.
    const raw = String.raw`{"status":"Error","details":"Label printer said \ud83d and stopped"}`;
    stub.on(po, () => ({ status: 500, body: raw }));

    await fillShipForm(page, po, "RSSUR001", "1ZSURROGATE00001");
    await sendButton(page).click();
    await expect(resultHeading(page)).toContainText("Failed");
    await expect(page.getByTestId("result-message")).toContainText("Label printer said \uFFFD and stopped");
    const [row] = rows(database, po);
    expect(row).toMatchObject({
      state: "failed",
      httpStatus: 500,
      spectrumDetails: "Label printer said \uFFFD and stopped",
    });
    // The raw answer is kept as it came: the escape text, not a broken character.
    expect(row!.responseBody).toBe(raw);
  } finally {
    await done.run();
  }
});

test("the database locked by another process while Spectrum answers: the user sees the answer, and the log catches up", async ({
  browser,
}) => {
  const done = cleanup();
  const dir = workDir("locked");
  done.add(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const database = ownDatabase(done, "recovery-locked", dir);
    const { stub, page } = await stage(done, browser, database);
    const po = `PO-LOCKED-${uid()}`;
    let release: (() => void) | null = null;
    let released!: () => void;
    const unlocked = new Promise<void>((resolve) => (released = resolve));
    stub.on(po, async () => {
      // Another process takes the write lock while Spectrum works, and keeps it past every retry.
      release = holdWriteLock(database);
      setTimeout(() => {
        release?.();
        released();
      }, 16_000);
      return {
        status: 200,
        body: JSON.stringify({ purchaseOrderNumber: po, status: "Success", details: "Order updated." }),
      };
    });
    done.add(() => release?.());

    await fillShipForm(page, po, "RSLCK001", "1ZLOCKED00000001");
    await sendButton(page).click();
    await expect(resultHeading(page)).toContainText("Succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("audit-notice")).toContainText("kept in the outcome journal");
    expect(rows(database, po).map((r) => r.state)).toEqual(["pending"]);

    await unlocked;
    await expect
      .poll(() => rows(database, po).map((r) => r.state), { timeout: 40_000, intervals: [1_000] })
      .toEqual(["succeeded"]);
    expect(stub.received.filter((r) => r.purchaseOrderNumber === po)).toHaveLength(1);
  } finally {
    await done.run();
  }
});

test("the disk fills while Spectrum answers: the user sees the answer, and the log catches up once space is freed", async ({
  browser,
}) => {
  const disk = smallDiskOrSkip("fills-during");
  const done = cleanup();
  done.add(() => disk.unmount());
  try {
    const database = specDatabase("recovery-fills-during", path.join(disk.dir, "audit.db"));
    const { stub, page } = await stage(done, browser, database);
    const po = `PO-FILLS-${uid()}`;
    stub.on(po, () => {
      disk.fill();
      return {
        status: 409,
        body: JSON.stringify({
          purchaseOrderNumber: po,
          status: "Error",
          details: "Unable to find recipeSetReadableId(s): RSFIL002.",
        }),
      };
    });

    await fillShipForm(page, po, "RSFIL001", "1ZFILLS000000001");
    await page.getByRole("button", { name: "Add line item" }).click();
    await page.getByLabel("Recipe set ID").nth(1).fill("RSFIL002");
    await page.getByLabel("Tracking number").nth(1).fill("1ZFILLS000000002");
    await sendButton(page).click();
    await expect(resultHeading(page)).toContainText("Rejected", { timeout: 30_000 });
    await expect(page.getByTestId("audit-notice")).toContainText("kept in the outcome journal");
    expect(rows(database, po).map((r) => r.state)).toEqual(["pending"]);

    disk.free();
    await expect
      .poll(() => rows(database, po).map((r) => r.state), { timeout: 40_000, intervals: [1_000] })
      .toEqual(["rejected"]);
    const [row] = rows(database, po);
    expect(row!.spectrumDetails).toBe("Unable to find recipeSetReadableId(s): RSFIL002.");
    expect(attentionIds(database)).toContain(row!.id);
  } finally {
    await done.run();
  }
});

test("npm start exits non-zero when the server it runs is killed, so a supervisor restarts it", async () => {
  const done = cleanup();
  const dir = workDir("exit-code");
  done.add(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const stub = await startFaultStub(TOKEN);
    done.add(() => stub.close());
    const database = ownDatabase(done, "recovery-exit-code", dir);
    const dashboard = await startDashboardProcess({
      databaseUrl: database.url,
      spectrumUrl: stub.url,
      token: TOKEN,
      timeoutMs: 5_000,
      via: "npm",
    });
    done.add(() => dashboard.killHard());
    // One resident Node process serves (the start script hands over to Next in-process), beside npm itself.
    const nodes = nodeProcesses(dashboard.child.pid!);
    expect(nodes.map((p) => p.name).sort()).toEqual(["next-server (v16.4.5)", "npm start"]);
    const server = nextServerPid(dashboard.child.pid!);
    expect(nodes.find((p) => p.name.startsWith("next-server"))?.pid).toBe(server);
    process.kill(server, "SIGKILL");
    const { code, signal } = await dashboard.exited;
    expect(signal).toBeNull();
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
  } finally {
    await done.run();
  }
});

/** The Node.js processes in a process group, by pid and name (their title, as ps shows it). */
function nodeProcesses(group: number): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== group) continue;
      if (realpathSync(`/proc/${name}/exe`) !== realpathSync(process.execPath)) continue;
      found.push({
        pid: Number(name),
        name: readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0+$/, "").replace(/\0/g, " "),
      });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** The Next.js server process in the start command's process group (the one serving requests). */
function nextServerPid(group: number): number {
  const candidates: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== group) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      if (/next-server|node_modules\/\.bin\/next start|next\/dist\/bin\/next start/.test(cmdline))
        candidates.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  if (candidates.length === 0) throw new Error(`no Next.js server found in process group ${group}`);
  return Math.max(...candidates);
}
