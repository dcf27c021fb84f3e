import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Interpretation } from "@/lib/spectrum/interpret";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
  testProvider,
} from "./support/integration";

type AuditModule = typeof import("@/lib/db/audit");
type JournalModule = typeof import("@/lib/db/outcome-journal");
type RecoveryModule = typeof import("@/lib/db/recovery");

const HOUR = 60 * 60 * 1000;

let db: TempDatabase;
let restoreEnv: () => void;
let audit: AuditModule;
let journal: JournalModule;
let recovery: RecoveryModule;

beforeAll(async () => {
  db = createTempDatabase("recovery");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  audit = await import("@/lib/db/audit");
  journal = await import("@/lib/db/outcome-journal");
  recovery = await import("@/lib/db/recovery");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

let seq = 0;
async function pendingSubmission(ageMs: number, ids = ["RS1", "RS2"]): Promise<number> {
  const po = `PO-REC-${++seq}`;
  const created = await audit.createPendingSubmission({
    kind: "tracking",
    environment: "Sandbox",
    baseUrl: "http://127.0.0.1:1",
    purchaseOrderNumber: po,
    requestBody: JSON.stringify({ purchaseOrderNumber: po }),
    requestHash: `hash-${seq}`,
    idempotencyKey: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    lineItems: ids.map((id) => ({ recipeSetReadableId: id, shipmentTracking: "1Z" })),
  });
  db.use(
    (conn) => conn.prepare("UPDATE Submission SET createdAt = ? WHERE id = ?").run(Date.now() - ageMs, created!.id),
    { writable: true },
  );
  return created!.id;
}

const rejected: Interpretation = {
  state: "rejected",
  httpStatus: 409,
  spectrumStatus: "Error",
  spectrumDetails: "Unable to find recipeSetReadableId(s): RS2.",
  message: "Spectrum rejected the whole order (409): 1 recipe set ID not found (RS2).",
  notFoundIds: ["RS2"],
  lines: [
    { outcome: "not_applied", message: "Not applied" },
    { outcome: "not_found", message: "Not found in Spectrum" },
  ],
};

const row = (id: number) =>
  db.use((conn) => conn.prepare("SELECT state, httpStatus, spectrumDetails FROM Submission WHERE id = ?").get(id)) as {
    state: string;
    httpStatus: number | null;
    spectrumDetails: string | null;
  };
const lineOutcomes = (id: number) =>
  (
    db.use((conn) =>
      conn.prepare("SELECT outcome FROM SubmissionLineItem WHERE submissionId = ? ORDER BY position").all(id),
    ) as { outcome: string }[]
  ).map((l) => l.outcome);
const attentionCount = (id: number) =>
  (
    db.use((conn) => conn.prepare("SELECT COUNT(*) AS n FROM AttentionItem WHERE submissionId = ?").get(id)) as {
      n: number;
    }
  ).n;
const journalFiles = () =>
  existsSync(journal.journalDir()) ? readdirSync(journal.journalDir()).filter((n) => n.endsWith(".json")) : [];

function entry(submissionId: number) {
  return {
    submissionId,
    recordedAt: new Date().toISOString(),
    interpretation: rejected,
    response: {
      bodyText: '{"status":"Error","details":"Unable to find recipeSetReadableId(s): RS2."}',
      truncated: false,
      durationMs: 42,
    },
  };
}

describe("the outcome journal", () => {
  it("lives beside the SQLite file, or on this machine's disk for a database server", () => {
    if (testProvider === "sqlite") expect(journal.journalDir()).toBe(`${db.file}.outcomes`);
    else {
      const { hostname, port, pathname } = new URL(db.url);
      const folder = `${hostname}-${port}-${pathname.slice(1)}`;
      expect(journal.journalDir()).toBe(path.join(process.cwd(), "data", "outcomes", folder));
    }
  });

  it("recovery writes a journaled answer to the log (not 'interrupted', even past the threshold) and removes the entry", async () => {
    const id = await pendingSubmission(2 * HOUR);
    journal.writeJournalEntry(entry(id));
    expect(journalFiles()).toEqual([`${id}.json`]);

    const report = await recovery.runAuditRecovery(HOUR);

    expect(report).toMatchObject({ replayed: 1, waiting: 0 });
    expect(row(id)).toEqual({
      state: "rejected",
      httpStatus: 409,
      spectrumDetails: "Unable to find recipeSetReadableId(s): RS2.",
    });
    expect(lineOutcomes(id)).toEqual(["not_applied", "not_found"]);
    expect(attentionCount(id)).toBe(1);
    expect(journalFiles()).toEqual([]);
    // The reserve that makes room on a full disk is back.
    expect(readdirSync(journal.journalDir())).toContain(".reserve");
  });

  it("an entry for a submission that already has its outcome is dropped without rewriting it", async () => {
    const id = await pendingSubmission(0);
    await audit.completeSubmission(
      id,
      { ...rejected, state: "failed", httpStatus: 500, spectrumDetails: "boom" },
      { bodyText: "{}", truncated: false, durationMs: 1 },
    );
    journal.writeJournalEntry(entry(id));
    const report = await recovery.runAuditRecovery(HOUR);
    expect(report.replayed).toBe(0);
    expect(row(id)).toMatchObject({ state: "failed", httpStatus: 500, spectrumDetails: "boom" });
    expect(journalFiles()).toEqual([]);
  });

  it("the sweep leaves a journaled submission pending while its answer waits", async () => {
    const id = await pendingSubmission(2 * HOUR);
    expect(await audit.recoverInterruptedSubmissions(HOUR, [id])).toBe(0);
    expect(row(id).state).toBe("pending");
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(1);
    expect(row(id).state).toBe("interrupted");
  });

  it("an unreadable entry is left in place for an admin, and does not stop the others", async () => {
    const { writeFileSync, rmSync } = await import("node:fs");
    const bad = path.join(journal.journalDir(), "999999.json");
    writeFileSync(bad, "{ not json");
    const id = await pendingSubmission(0);
    journal.writeJournalEntry(entry(id));
    const report = await recovery.runAuditRecovery(HOUR);
    expect(report.replayed).toBe(1);
    expect(row(id).state).toBe("rejected");
    expect(existsSync(bad)).toBe(true);
    rmSync(bad);
  });
});

/** One recovery pass in a process of its own, as each server process runs it. */
function recoverInChildProcess(
  olderThanMs: number,
): Promise<{ replayed: number; interrupted: number; waiting: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join("node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "tests/support/run-recovery.ts", String(olderThanMs)],
      {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`recovery process exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!));
    });
  });
}

describe("recovery in several processes at once", () => {
  it("marks each stale submission interrupted once, with one attention item, and replays each journal entry once", async () => {
    await audit.recoverInterruptedSubmissions(HOUR); // nothing stale left over from the tests above
    const stale = [];
    for (let i = 0; i < 12; i++) stale.push(await pendingSubmission(2 * HOUR, ["A"]));
    const journaled = await pendingSubmission(2 * HOUR);
    journal.writeJournalEntry(entry(journaled));
    await releasePrisma(); // the children are the only writers

    const reports = await Promise.all([
      recoverInChildProcess(HOUR),
      recoverInChildProcess(HOUR),
      recoverInChildProcess(HOUR),
    ]);

    expect(reports.reduce((n, r) => n + r.interrupted, 0)).toBe(stale.length);
    expect(reports.reduce((n, r) => n + r.replayed, 0)).toBe(1);
    for (const id of stale) {
      expect(row(id).state).toBe("interrupted");
      expect(attentionCount(id)).toBe(1);
    }
    expect(row(journaled).state).toBe("rejected");
    expect(journalFiles()).toEqual([]);
  }, 60_000);
});
