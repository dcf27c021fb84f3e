// scripts/seed.ts writes the attention queue and the resolutions itself (raw SQL, for speed) instead of going
// through lib/db/attention.ts. This test seeds a small database with the real script, replays every seeded
// submission, outcome and manual resolution through the application's own functions on a second database, at the
// seeded times, and requires the two to hold the same AttentionItem and Resolution rows: a rule changed on one
// side only fails here.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Interpretation } from "@/lib/spectrum/interpret";
import { SUBMISSION_STATES, type LineOutcome } from "@/lib/spectrum/types";
import { decodeSerialNumbers } from "@/lib/submission-model";
import { cleanEnv, createTempDatabase, releasePrisma, type TempDatabase } from "./support/integration";

type AuditModule = typeof import("@/lib/db/audit");
type AttentionModule = typeof import("@/lib/db/attention");

// The same data on every run (a fixed seed and end time), in which every rule occurs: see the first test.
const SEED_ARGS = ["--count", "1000", "--days", "30", "--seed", "1", "--now", "2025-06-30T18:00:00Z"];
const SETUP_TIMEOUT_MS = 120_000;

interface SeededSubmission {
  id: number;
  kind: "tracking" | "status";
  environment: string;
  baseUrl: string;
  purchaseOrderNumber: string;
  requestBody: string;
  requestHash: string;
  idempotencyKey: string;
  state: string;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  responseBody: string | null;
  message: string | null;
  durationMs: number | null;
  createdAt: number;
  completedAt: number;
  operatorId: string | null;
  operatorName: string | null;
  operatorEmail: string | null;
  resubmitOfId: number | null;
}

interface SeededLine {
  submissionId: number;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  serialNumbers: string | null;
  workflowStatus: string | null;
  outcome: string;
  message: string | null;
}

interface SeededResolution {
  submissionId: number;
  kind: string;
  note: string;
  operatorId: string | null;
  operatorName: string | null;
  operatorEmail: string | null;
  createdAt: number;
}

/** What the two databases must agree on. */
const QUEUE_SQL = "SELECT submissionId, createdAt FROM AttentionItem ORDER BY submissionId";
const RESOLUTIONS_SQL = `SELECT submissionId, kind, note, resolvedBySubmissionId, operatorId, operatorName, operatorEmail, createdAt
  FROM Resolution ORDER BY submissionId`;
const OUTCOMES_SQL = "SELECT id, state, message, createdAt, completedAt, resubmitOfId FROM Submission ORDER BY id";
const LINE_OUTCOMES_SQL =
  "SELECT submissionId, position, outcome, message FROM SubmissionLineItem ORDER BY submissionId, position";

let seeded: TempDatabase;
let replayed: TempDatabase;
let restoreEnv: () => void;
let audit: AuditModule;
let attention: AttentionModule;

beforeAll(async () => {
  seeded = createTempDatabase("queue-seeded");
  replayed = createTempDatabase("queue-replayed");
  execFileSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/seed.ts", ...SEED_ARGS],
    {
      env: { ...process.env, DATABASE_URL: seeded.url },
      stdio: "pipe",
    },
  );
  restoreEnv = cleanEnv({ DATABASE_URL: replayed.url });
  vi.resetModules();
  audit = await import("@/lib/db/audit");
  attention = await import("@/lib/db/attention");
  await replay();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  vi.useRealTimers();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  seeded?.remove();
  replayed?.remove();
});

function isCompleted(state: string): state is Interpretation["state"] {
  return state !== "pending" && state !== "interrupted" && (SUBMISSION_STATES as readonly string[]).includes(state);
}

/**
 * Sends the seeded history again through the app, in the order it happened: each submission created at its
 * createdAt, given its outcome at its completedAt (or marked interrupted by recovery then), each manual resolution
 * made at its time.
 */
async function replay() {
  const { submissions, lines, manual } = seeded.use((db) => ({
    submissions: db.prepare("SELECT * FROM Submission ORDER BY id").all() as SeededSubmission[],
    lines: db.prepare("SELECT * FROM SubmissionLineItem ORDER BY submissionId, position").all() as SeededLine[],
    manual: db.prepare("SELECT * FROM Resolution WHERE kind = 'manual'").all() as SeededResolution[],
  }));
  const linesOf = new Map<number, SeededLine[]>();
  for (const line of lines) linesOf.set(line.submissionId, [...(linesOf.get(line.submissionId) ?? []), line]);
  const events = [
    ...submissions.map((s) => ({ at: s.createdAt, order: 0, id: s.id, run: () => send(s, linesOf.get(s.id) ?? []) })),
    ...submissions.map((s) => ({
      at: s.completedAt,
      order: 1,
      id: s.id,
      run: () => complete(s, linesOf.get(s.id) ?? []),
    })),
    ...manual.map((r) => ({ at: r.createdAt, order: 2, id: r.submissionId, run: () => resolveByHand(r) })),
  ].sort((a, b) => a.at - b.at || a.order - b.order || a.id - b.id);

  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    for (const event of events) await event.run();
  } finally {
    vi.useRealTimers();
  }
}

/** Submissions sent and still waiting for their outcome. */
const pending = new Set<number>();

async function send(s: SeededSubmission, lines: SeededLine[]) {
  vi.setSystemTime(s.createdAt);
  const created = await audit.createPendingSubmission({
    kind: s.kind,
    environment: s.environment,
    baseUrl: s.baseUrl,
    purchaseOrderNumber: s.purchaseOrderNumber,
    requestBody: s.requestBody,
    requestHash: s.requestHash,
    idempotencyKey: s.idempotencyKey,
    lineItems: lines.map((l) => ({
      recipeSetReadableId: l.recipeSetReadableId,
      shipmentTracking: l.shipmentTracking ?? undefined,
      serialNumbers: l.serialNumbers ? decodeSerialNumbers(l.serialNumbers) : undefined,
      workflowStatus: l.workflowStatus ?? undefined,
    })),
    resubmitOfId: s.resubmitOfId ?? undefined,
    operator: s.operatorId ? { id: s.operatorId, name: s.operatorName ?? "", email: s.operatorEmail ?? "" } : undefined,
  });
  // Same ids on both sides, so rows compare directly.
  expect(created?.id).toBe(s.id);
  pending.add(s.id);
}

async function complete(s: SeededSubmission, lines: SeededLine[]) {
  vi.setSystemTime(s.completedAt);
  pending.delete(s.id);
  if (s.state === "interrupted") {
    // Recovery passes over the others still in flight, as it does over those in the outcome journal.
    expect(await audit.recoverInterruptedSubmissions(0, [...pending])).toBe(1);
    return;
  }
  if (!isCompleted(s.state)) throw new Error(`seeded submission ${s.id} has state ${s.state}`);
  await audit.completeSubmission(
    s.id,
    {
      state: s.state,
      httpStatus: s.httpStatus,
      spectrumStatus: s.spectrumStatus,
      spectrumDetails: s.spectrumDetails,
      message: s.message ?? "",
      notFoundIds: [],
      lines: lines.map((l) => ({ outcome: l.outcome as LineOutcome, message: l.message ?? "" })),
    },
    { bodyText: s.responseBody, truncated: false, durationMs: s.durationMs ?? 0 },
  );
}

async function resolveByHand(r: SeededResolution) {
  vi.setSystemTime(r.createdAt);
  try {
    await attention.resolveSubmission({
      submissionId: r.submissionId,
      note: r.note,
      operator: { id: r.operatorId, name: r.operatorName, email: r.operatorEmail },
    });
  } catch (error) {
    // The app's queue does not hold it: the comparisons below report the difference.
    if (!(error instanceof attention.NotInQueueError)) throw error;
  }
}

const rows = (db: TempDatabase, sql: string) => db.use((conn: Database.Database) => conn.prepare(sql).all());
const count = (db: TempDatabase, sql: string) =>
  db.use((conn: Database.Database) => (conn.prepare(sql).get() as { n: number }).n);

describe("the seed script and the application keep the same attention queue", () => {
  it("the seeded data exercises every rule", () => {
    // A state "enters the queue" visibly when such a submission is still there or was resolved by hand (which the
    // app refuses for a submission not in the queue).
    const entered = (state: string) => `SELECT COUNT(*) AS n FROM Submission s WHERE s.state = '${state}'
      AND (s.id IN (SELECT submissionId FROM AttentionItem) OR s.id IN (SELECT submissionId FROM Resolution WHERE kind = 'manual'))`;
    const cases: Record<string, string> = {
      "a failed submission in the queue": entered("failed"),
      "a rejected submission in the queue": entered("rejected"),
      "an unknown submission in the queue": entered("unknown"),
      "an interrupted submission in the queue": entered("interrupted"),
      "a succeeded submission never in it":
        "SELECT COUNT(*) AS n FROM Submission WHERE state = 'succeeded' AND resubmitOfId IS NULL",
      "a resubmit that did not succeed, taking its original out": `SELECT COUNT(*) AS n FROM Submission r
        WHERE r.resubmitOfId IS NOT NULL AND r.state NOT IN ('succeeded', 'interrupted')`,
      "an interrupted resubmit, taking its original out":
        "SELECT COUNT(*) AS n FROM Submission WHERE state = 'interrupted' AND resubmitOfId IS NOT NULL",
      "a successful resubmit resolving one earlier attempt": `SELECT COUNT(*) AS n FROM (SELECT 1 FROM Resolution
        WHERE kind = 'resubmitted' GROUP BY resolvedBySubmissionId HAVING COUNT(*) = 1) AS r`,
      "a successful resubmit resolving two or more earlier attempts": `SELECT COUNT(*) AS n FROM (SELECT 1 FROM Resolution
        WHERE kind = 'resubmitted' GROUP BY resolvedBySubmissionId HAVING COUNT(*) >= 2) AS r`,
      "a manual resolution": "SELECT COUNT(*) AS n FROM Resolution WHERE kind = 'manual'",
    };
    const missing = Object.entries(cases)
      .filter(([, sql]) => count(seeded, sql) === 0)
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("the same submissions are in the queue, dated alike", () => {
    const queue = rows(seeded, QUEUE_SQL);
    expect(queue.length).toBeGreaterThan(0);
    expect(rows(replayed, QUEUE_SQL)).toEqual(queue);
  });

  it("the same resolutions, by hand and by resubmit", () => {
    const resolutions = rows(seeded, RESOLUTIONS_SQL);
    expect(resolutions.length).toBeGreaterThan(0);
    expect(rows(replayed, RESOLUTIONS_SQL)).toEqual(resolutions);
  });

  it("the same outcomes, interrupted ones included", () => {
    expect(rows(replayed, OUTCOMES_SQL)).toEqual(rows(seeded, OUTCOMES_SQL));
    expect(rows(replayed, LINE_OUTCOMES_SQL)).toEqual(rows(seeded, LINE_OUTCOMES_SQL));
  });
});
