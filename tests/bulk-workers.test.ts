import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

/**
 * The batch runner in real server processes sharing one database file (scripts/bulk-worker.ts), against the
 * sandbox: two workers share a 200-PO batch without overlap, and a worker killed with SIGKILL mid-call is replaced
 * by another that finishes the batch, sending no PO twice and recording the one in flight as interrupted.
 */

const TOKEN = "bulk-workers-token-91f0";
const OPERATOR = { id: "op-w", name: "Wendy Worker", email: "wendy@example.test" };
const SHARED = Array.from({ length: 200 }, (_, i) => `W-${String(i + 1).padStart(3, "0")}`);
const KILLED = Array.from({ length: 30 }, (_, i) =>
  i === 9 ? "FAULT-SLOW-K10" : `K-${String(i + 1).padStart(2, "0")}`,
);
/** A short lease, so the replacement of a killed worker takes over its item quickly. */
const LEASE_MS = 1_500;

let db: TempDatabase;
let sandbox: Sandbox;
let sandboxUrl: string;
let restoreEnv: () => void;
let batches: typeof import("@/lib/db/batches");
let prepare: typeof import("@/lib/bulk/prepare");
let kinds: typeof import("@/lib/spectrum/kinds");
let recovery: typeof import("@/lib/db/recovery");
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = createTempDatabase("bulk-workers");
  sandbox = createSandbox({
    token: TOKEN,
    rateLimit: 100_000,
    slowMs: 4_000,
    orders: [...SHARED, ...KILLED].map((po) => ({
      purchaseOrderNumber: po,
      description: "",
      recipeSetReadableIds: ["L1"],
    })),
  });
  sandboxUrl = await sandbox.listen();
  restoreEnv = cleanEnv({
    DATABASE_URL: db.url,
    SPECTRUM_BASE_URL: sandboxUrl,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
  });
  vi.resetModules();
  batches = await import("@/lib/db/batches");
  prepare = await import("@/lib/bulk/prepare");
  kinds = await import("@/lib/spectrum/kinds");
  recovery = await import("@/lib/db/recovery");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sandbox?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

async function batchOf(pos: string[]): Promise<number> {
  const rows = pos.map((po) => [po, "L1", `TRK-${po}`]);
  const prepared = prepare.prepareBatch(kinds.KINDS.tracking, {
    rows,
    mapping: { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 },
  });
  if (!prepared.ok) throw new Error(prepared.message);
  return batches.createBatch({
    kind: "tracking",
    environment: "Sandbox",
    operator: OPERATOR,
    sourceName: "workers.csv",
    rowCount: rows.length,
    columns: ["PO", "Recipe", "Tracking"],
    includeAlreadySent: false,
    items: prepared.items,
  });
}

/** A worker process: resolves with its last line of output (JSON) when it exits. */
function worker(batchId: number) {
  // Node itself with tsx's loader (not the tsx command, which runs the script in a child process of its own), so
  // that SIGKILL kills the very process that holds the lease.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/bulk-worker.ts", String(batchId), String(LEASE_MS)],
    {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        SPECTRUM_BASE_URL: sandboxUrl,
        SPECTRUM_API_TOKEN: TOKEN,
        SPECTRUM_SANDBOX: "1",
        SPECTRUM_ENVIRONMENT_NAME: "Sandbox",
        SPECTRUM_TIMEOUT_MS: "10000",
        SPECTRUM_RATE_LIMIT_PER_MINUTE: "5000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; last: Record<string, unknown> }>(
    (resolve) =>
      child.on("exit", (code, signal) => {
        const last = out.trim().split("\n").at(-1) ?? "{}";
        if (code !== 0 && signal === null) console.error(err);
        resolve({ code, signal, last: JSON.parse(last || "{}") as Record<string, unknown> });
      }),
  );
  return { child, exited };
}

const requestsFor = (po: string) => sandbox.recorded.filter((r) => r.purchaseOrderNumber === po);

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("batch workers in several processes on one database", () => {
  it("two workers share a 200-PO batch: each PO reaches the sandbox exactly once, and both did some", async () => {
    const id = await batchOf(SHARED);
    const [a, b] = [worker(id), worker(id)];
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect([ra.code, rb.code]).toEqual([0, 0]);

    const batch = (await batches.getBatch(id))!;
    expect(batch.state).toBe("done");
    expect(batch.items.filter((i) => i.state !== "succeeded")).toEqual([]);
    for (const po of SHARED) expect(requestsFor(po), po).toHaveLength(1);
    expect(JSON.parse(requestsFor("W-042")[0]!.body)).toEqual({
      purchaseOrderNumber: "W-042",
      lineItems: [{ recipeSetReadableId: "L1", shipmentTracking: "TRK-W-042" }],
    });
    // Both processes took part, and between them sent each PO once.
    const sent = [Number(ra.last.sent), Number(rb.last.sent)];
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    expect(sent[0]! + sent[1]!).toBe(200);
    const submissions = db.use(
      (c) =>
        c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE purchaseOrderNumber LIKE 'W-%'").get() as { n: number },
    );
    expect(submissions.n).toBe(200);
  }, 120_000);

  it("a worker killed (SIGKILL) mid-call is replaced: the batch finishes, no PO is sent twice, the one in flight is interrupted", async () => {
    const id = await batchOf(KILLED);
    const first = worker(id);
    // K-01..K-09 go through; FAULT-SLOW-K10 is in flight (the sandbox answers after 4 s) when the worker dies.
    await until(() => requestsFor("FAULT-SLOW-K10").length === 1, 60_000, "the slow PO's call");
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const midway = (await batches.getBatch(id))!;
    expect(midway.items.find((i) => i.purchaseOrderNumber === "FAULT-SLOW-K10")!.state).toBe("sending");
    expect(midway.items.filter((i) => i.state === "queued")).toHaveLength(20);

    const second = worker(id);
    const replaced = await second.exited;
    expect(replaced.code).toBe(0);
    const batch = (await batches.getBatch(id))!;
    expect(batch.state).toBe("done");
    const slow = batch.items.find((i) => i.purchaseOrderNumber === "FAULT-SLOW-K10")!;
    expect(slow.state).toBe("interrupted");
    expect(slow.message).toMatch(/Not sent again/);
    expect(batch.items.filter((i) => i.state === "succeeded")).toHaveLength(29);
    for (const po of KILLED) expect(requestsFor(po), po).toHaveLength(1);
    expect(Number(replaced.last.sent)).toBe(20);

    // The restarted server's recovery pass puts the submission left pending under Needs attention.
    await recovery.runAuditRecovery(0);
    const stored = db.use(
      (c) =>
        c
          .prepare(
            `SELECT s.state, (SELECT COUNT(*) FROM AttentionItem a WHERE a.submissionId = s.id) AS attention
               FROM Submission s WHERE s.id = ?`,
          )
          .get(slow.submissionId) as { state: string; attention: number },
    );
    expect(stored).toEqual({ state: "interrupted", attention: 1 });
  }, 120_000);
});
