import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Interpretation } from "@/lib/spectrum/interpret";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  testProvider,
  type TempDatabase,
} from "./support/integration";

type AuditModule = typeof import("@/lib/db/audit");
type NewSubmission = import("@/lib/db/audit").NewSubmission;

interface SubmissionRow {
  id: number;
  kind: string;
  environment: string;
  baseUrl: string;
  purchaseOrderNumber: string;
  requestBody: string;
  requestHash: string;
  idempotencyKey: string;
  state: string;
  lineCount: number;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  responseBody: string | null;
  responseTruncated: number;
  message: string | null;
  durationMs: number | null;
  createdAt: number;
  completedAt: number | null;
}

interface LineRow {
  submissionId: number;
  position: number;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  serialNumbers: string | null;
  workflowStatus: string | null;
  outcome: string;
  message: string | null;
}

let db: TempDatabase;
let restoreEnv: () => void;
let audit: AuditModule;

beforeAll(async () => {
  db = createTempDatabase("audit");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  audit = await import("@/lib/db/audit");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

const HOUR = 60 * 60 * 1000;

function submissionRow(id: number): SubmissionRow | undefined {
  return db.use((c) => c.prepare("SELECT * FROM Submission WHERE id = ?").get(id) as SubmissionRow | undefined);
}

function lineRows(id: number): LineRow[] {
  return db.use(
    (c) => c.prepare("SELECT * FROM SubmissionLineItem WHERE submissionId = ? ORDER BY position").all(id) as LineRow[],
  );
}

/** Moves a submission's createdAt into the past (stored as Unix epoch milliseconds). */
function backdate(id: number, ms: number) {
  db.use((c) => c.prepare(`UPDATE Submission SET createdAt = ${db.msBefore("createdAt")} WHERE id = ?`).run(ms, id), {
    writable: true,
  });
}

function tracking(lineItems: NewSubmission["lineItems"], overrides: Partial<NewSubmission> = {}): NewSubmission {
  const purchaseOrderNumber = overrides.purchaseOrderNumber ?? `PO-AUDIT-${randomUUID().slice(0, 8)}`;
  const requestBody = JSON.stringify({ purchaseOrderNumber, lineItems });
  return {
    kind: "tracking",
    environment: "Sandbox",
    baseUrl: "http://127.0.0.1:9",
    purchaseOrderNumber,
    requestBody,
    requestHash: `hash-${randomUUID()}`,
    idempotencyKey: randomUUID(),
    lineItems,
    ...overrides,
  };
}

async function createPending(input: NewSubmission): Promise<number> {
  const created = await audit.createPendingSubmission(input);
  if (!created) throw new Error("expected a new submission");
  return created.id;
}

function succeeded(lineCount: number): Interpretation {
  return {
    state: "succeeded",
    httpStatus: 200,
    spectrumStatus: "OK",
    spectrumDetails: "Updated",
    message: `Spectrum updated all ${lineCount} line items.`,
    notFoundIds: [],
    lines: Array.from({ length: lineCount }, () => ({ outcome: "updated" as const, message: "Updated" })),
  };
}

const ok = (bodyText: string | null = '{"status":"OK","details":"Updated"}') => ({
  bodyText,
  truncated: false,
  durationMs: 42,
});

describe("the audit database", () => {
  // Declared first: the file is fresh from `prisma migrate deploy` and nothing has used it yet.
  it.skipIf(testProvider === "postgresql")("is switched to WAL mode by the first use", async () => {
    const mode = () => db.use((c) => c.pragma("journal_mode", { simple: true }));
    expect(mode()).not.toBe("wal");
    await audit.listRecentSubmissions();
    expect(mode()).toBe("wal");
  });
});

describe("createPendingSubmission", () => {
  it("writes the submission as pending, with its line items, before any outcome", async () => {
    const before = Date.now();
    const input = tracking([
      { recipeSetReadableId: "MUEMVK2U", shipmentTracking: "1Z999AA10123456784", serialNumbers: ["SN-1", "SN-2"] },
      { recipeSetReadableId: "ABCD1234", shipmentTracking: "TRK-2" },
      { recipeSetReadableId: "EFGH5678", shipmentTracking: "TRK-3", serialNumbers: [] },
    ]);
    const id = await createPending(input);

    const row = submissionRow(id)!;
    expect(row).toMatchObject({
      kind: "tracking",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: input.purchaseOrderNumber,
      requestBody: input.requestBody,
      requestHash: input.requestHash,
      idempotencyKey: input.idempotencyKey,
      state: "pending",
      lineCount: 3,
      httpStatus: null,
      spectrumStatus: null,
      spectrumDetails: null,
      responseBody: null,
      responseTruncated: 0,
      message: null,
      durationMs: null,
      completedAt: null,
    });
    expect(row.createdAt).toBeGreaterThanOrEqual(before);
    expect(row.createdAt).toBeLessThanOrEqual(Date.now());

    const line = (
      position: number,
      recipeSetReadableId: string,
      shipmentTracking: string,
      serialNumbers: string | null,
    ) => ({
      id: expect.any(Number),
      submissionId: id,
      position,
      recipeSetReadableId,
      shipmentTracking,
      serialNumbers,
      workflowStatus: null,
      outcome: "pending",
      message: null,
    });
    expect(lineRows(id)).toEqual([
      line(0, "MUEMVK2U", "1Z999AA10123456784", '["SN-1","SN-2"]'),
      line(1, "ABCD1234", "TRK-2", null),
      line(2, "EFGH5678", "TRK-3", "[]"),
    ]);
  });

  it("stores a status submission's workflowStatus per line", async () => {
    const lineItems = [
      { recipeSetReadableId: "WF1NS7AA", workflowStatus: "in-progress" },
      { recipeSetReadableId: "WF2IP7BB", workflowStatus: "on-hold" },
    ];
    const id = await createPending(tracking(lineItems, { kind: "status" }));
    expect(submissionRow(id)).toMatchObject({ kind: "status", state: "pending", lineCount: 2 });
    expect(
      lineRows(id).map((l) => [l.position, l.recipeSetReadableId, l.workflowStatus, l.shipmentTracking, l.outcome]),
    ).toEqual([
      [0, "WF1NS7AA", "in-progress", null, "pending"],
      [1, "WF2IP7BB", "on-hold", null, "pending"],
    ]);
  });

  it("returns null for an idempotency key already used, and writes nothing", async () => {
    const first = tracking([{ recipeSetReadableId: "MUEMVK2U", shipmentTracking: "T-1" }]);
    const id = await createPending(first);
    const again = tracking(
      [
        { recipeSetReadableId: "OTHER", shipmentTracking: "T-2" },
        { recipeSetReadableId: "X", shipmentTracking: "T" },
      ],
      {
        idempotencyKey: first.idempotencyKey,
      },
    );
    expect(await audit.createPendingSubmission(again)).toBeNull();

    const rows = db.use((c) =>
      c.prepare("SELECT id FROM Submission WHERE idempotencyKey = ?").all(first.idempotencyKey),
    );
    expect(rows).toEqual([{ id }]);
    expect(submissionRow(id)).toMatchObject({ purchaseOrderNumber: first.purchaseOrderNumber, lineCount: 1 });
    expect(lineRows(id).map((l) => l.recipeSetReadableId)).toEqual(["MUEMVK2U"]);
    const orphans = db.use((c) =>
      c.prepare("SELECT COUNT(*) AS n FROM SubmissionLineItem WHERE recipeSetReadableId = 'OTHER'").get(),
    );
    expect(orphans).toEqual({ n: 0 });
  });

  it("lets exactly one of two concurrent creates with the same key through", async () => {
    const input = tracking([{ recipeSetReadableId: "MUEMVK2U", shipmentTracking: "T-1" }]);
    const results = await Promise.all([
      audit.createPendingSubmission(input),
      audit.createPendingSubmission({ ...input }),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    const n = db.use((c) =>
      c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE idempotencyKey = ?").get(input.idempotencyKey),
    );
    expect(n).toEqual({ n: 1 });
  });
});

describe("completeSubmission", () => {
  it("records Spectrum's answer, a capped response body and each line's outcome", async () => {
    const input = tracking([
      { recipeSetReadableId: "AAAA1111", shipmentTracking: "T-1" },
      { recipeSetReadableId: "BBBB2222", shipmentTracking: "T-2" },
      { recipeSetReadableId: "CCCC3333", shipmentTracking: "T-3" },
      { recipeSetReadableId: "DDDD4444", shipmentTracking: "T-4" },
    ]);
    const id = await createPending(input);
    const notApplied = "Not applied: Spectrum rejected the whole order because BBBB2222, DDDD4444 were not found";
    const notFound = "Not found in Spectrum: check the recipe set ID and purchase order";
    const result: Interpretation = {
      state: "rejected",
      httpStatus: 409,
      spectrumStatus: "Error",
      spectrumDetails: "Unable to find recipeSetReadableId(s): BBBB2222, DDDD4444.",
      message: "Spectrum rejected the whole order (409): 2 recipe set IDs not found (BBBB2222, DDDD4444).",
      notFoundIds: ["BBBB2222", "DDDD4444"],
      // Same outcome on non-adjacent positions: grouped updates must still land on the right lines.
      lines: [
        { outcome: "not_applied", message: notApplied },
        { outcome: "not_found", message: notFound },
        { outcome: "not_applied", message: notApplied },
        { outcome: "not_found", message: notFound },
      ],
    };
    const body = `{"details":"${"é".repeat(audit.MAX_STORED_RESPONSE_CHARS)}"}`;
    const before = Date.now();
    await audit.completeSubmission(id, result, { bodyText: body, truncated: false, durationMs: 1234 });

    const row = submissionRow(id)!;
    expect(row).toMatchObject({
      state: "rejected",
      httpStatus: 409,
      spectrumStatus: "Error",
      spectrumDetails: "Unable to find recipeSetReadableId(s): BBBB2222, DDDD4444.",
      message: result.message,
      durationMs: 1234,
      responseTruncated: 1,
      // the request side is never touched
      requestBody: input.requestBody,
      requestHash: input.requestHash,
      lineCount: 4,
    });
    expect(row.responseBody).toHaveLength(audit.MAX_STORED_RESPONSE_CHARS);
    expect(row.responseBody).toBe(body.slice(0, audit.MAX_STORED_RESPONSE_CHARS));
    expect(row.completedAt).toBeGreaterThanOrEqual(before);
    expect(row.completedAt).toBeGreaterThanOrEqual(row.createdAt);

    expect(lineRows(id).map((l) => [l.position, l.recipeSetReadableId, l.outcome, l.message])).toEqual([
      [0, "AAAA1111", "not_applied", notApplied],
      [1, "BBBB2222", "not_found", notFound],
      [2, "CCCC3333", "not_applied", notApplied],
      [3, "DDDD4444", "not_found", notFound],
    ]);
  });

  it("stores a body at the cap verbatim, and keeps the client's truncated flag", async () => {
    const exact = "x".repeat(audit.MAX_STORED_RESPONSE_CHARS);
    const a = await createPending(tracking([{ recipeSetReadableId: "A", shipmentTracking: "1" }]));
    await audit.completeSubmission(a, succeeded(1), ok(exact));
    expect(submissionRow(a)).toMatchObject({ responseBody: exact, responseTruncated: 0, durationMs: 42 });

    // callSpectrum already cut the body short (connection broke mid-body): the flag survives a short body
    const b = await createPending(tracking([{ recipeSetReadableId: "B", shipmentTracking: "1" }]));
    await audit.completeSubmission(b, succeeded(1), { bodyText: '{"status": "Err', truncated: true, durationMs: 7 });
    expect(submissionRow(b)).toMatchObject({ responseBody: '{"status": "Err', responseTruncated: 1, durationMs: 7 });
  });

  it("caps a body without splitting a character that straddles the cap", async () => {
    const body = `${"a".repeat(audit.MAX_STORED_RESPONSE_CHARS - 1)}😀 and more`;
    const id = await createPending(tracking([{ recipeSetReadableId: "A", shipmentTracking: "1" }]));
    await audit.completeSubmission(id, succeeded(1), ok(body));
    const row = submissionRow(id)!;
    expect(row.state).toBe("succeeded");
    expect(row.responseTruncated).toBe(1);
    expect(row.responseBody!.length).toBeLessThanOrEqual(audit.MAX_STORED_RESPONSE_CHARS);
    expect(body.startsWith(row.responseBody!)).toBe(true);
  });

  it("stores no body when Spectrum never answered", async () => {
    const id = await createPending(
      tracking([
        { recipeSetReadableId: "A", shipmentTracking: "1" },
        { recipeSetReadableId: "B", shipmentTracking: "2" },
      ]),
    );
    const unknown: Interpretation = {
      state: "unknown",
      httpStatus: null,
      spectrumStatus: null,
      spectrumDetails: null,
      message: "Spectrum did not answer within 1.5 s.",
      notFoundIds: [],
      lines: [
        { outcome: "unknown", message: "Outcome unknown: no answer from Spectrum" },
        { outcome: "unknown", message: "Outcome unknown: no answer from Spectrum" },
      ],
    };
    await audit.completeSubmission(id, unknown, { bodyText: null, truncated: false, durationMs: 1500 });
    expect(submissionRow(id)).toMatchObject({
      state: "unknown",
      httpStatus: null,
      spectrumStatus: null,
      responseBody: null,
      responseTruncated: 0,
      durationMs: 1500,
      completedAt: expect.any(Number),
    });
    expect(lineRows(id).map((l) => l.outcome)).toEqual(["unknown", "unknown"]);
  });

  it("refuses to complete a submission twice and leaves the first outcome untouched", async () => {
    const id = await createPending(tracking([{ recipeSetReadableId: "A", shipmentTracking: "1" }]));
    await audit.completeSubmission(id, succeeded(1), ok());
    const rowBefore = submissionRow(id);
    const linesBefore = lineRows(id);

    const failed: Interpretation = {
      state: "failed",
      httpStatus: 500,
      spectrumStatus: "Error",
      spectrumDetails: "boom",
      message: "Spectrum reported an error (500): boom",
      notFoundIds: [],
      lines: [{ outcome: "failed", message: "Not updated: Spectrum reported an error" }],
    };
    await expect(
      audit.completeSubmission(id, failed, { bodyText: "{}", truncated: true, durationMs: 9 }),
    ).rejects.toThrow(/no longer pending/);
    expect(submissionRow(id)).toEqual(rowBefore);
    expect(lineRows(id)).toEqual(linesBefore);
    expect(rowBefore).toMatchObject({ state: "succeeded", httpStatus: 200 });
    expect(linesBefore.map((l) => l.outcome)).toEqual(["updated"]);
  });

  it("throws for a submission that does not exist", async () => {
    await expect(audit.completeSubmission(987_654, succeeded(0), ok())).rejects.toThrow(/no longer pending/);
  });
});

describe("getSubmission", () => {
  it("returns the same DTO by id and by idempotency key, lines in order", async () => {
    const lineItems = Array.from({ length: 12 }, (_, i) => ({
      recipeSetReadableId: `RS${String(i).padStart(2, "0")}`,
      shipmentTracking: `TRK-${i}`,
      ...(i % 3 === 0 ? { serialNumbers: [`SN-${i}-a`, `SN-${i}-b`] } : {}),
    }));
    const input = tracking(lineItems);
    const id = await createPending(input);

    const pending = await audit.getSubmission({ id });
    expect(pending).toMatchObject({ id, state: "pending", httpStatus: null, completedAt: null, lineCount: 12 });
    expect(pending!.lines.every((l) => l.outcome === "pending" && l.message === null)).toBe(true);

    await audit.completeSubmission(id, succeeded(12), ok());
    const byId = await audit.getSubmission({ id });
    const byKey = await audit.getSubmission({ idempotencyKey: input.idempotencyKey });
    expect(byKey).toEqual(byId);

    const row = submissionRow(id)!;
    expect(byId).toEqual({
      id,
      kind: "tracking",
      environment: "Sandbox",
      purchaseOrderNumber: input.purchaseOrderNumber,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.requestHash,
      resubmitOfId: null,
      state: "succeeded",
      lineCount: 12,
      httpStatus: 200,
      spectrumStatus: "OK",
      spectrumDetails: "Updated",
      message: "Spectrum updated all 12 line items.",
      durationMs: 42,
      createdAt: new Date(row.createdAt).toISOString(),
      completedAt: new Date(row.completedAt!).toISOString(),
      lines: lineItems.map((l, position) => ({
        position,
        recipeSetReadableId: l.recipeSetReadableId,
        shipmentTracking: l.shipmentTracking,
        serialNumbers: l.serialNumbers ?? [],
        workflowStatus: null,
        outcome: "updated",
        message: "Updated",
      })),
    });
    // neither the request body nor the base URL nor the raw response is part of the DTO
    expect(byId).not.toHaveProperty("requestBody");
    expect(byId).not.toHaveProperty("responseBody");
  });

  it("returns null for an unknown id or key", async () => {
    expect(await audit.getSubmission({ id: 987_654 })).toBeNull();
    expect(await audit.getSubmission({ idempotencyKey: "never-used" })).toBeNull();
  });
});

describe("listRecentSubmissions", () => {
  it("lists the newest first, by creation time, and honours the limit", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(await createPending(tracking([{ recipeSetReadableId: `L${i}`, shipmentTracking: "1" }])));
    for (const id of ids) await audit.completeSubmission(id, succeeded(1), ok());
    const [a, b, c, d] = ids as [number, number, number, number];
    // d is the last created but is made the oldest: the order follows createdAt, not the id
    backdate(d, 10 * HOUR);

    const newest = await audit.listRecentSubmissions(3);
    expect(newest.map((s) => s.id)).toEqual([c, b, a]);
    expect(newest[0]).toEqual({
      id: c,
      kind: "tracking",
      environment: "Sandbox",
      purchaseOrderNumber: expect.any(String),
      state: "succeeded",
      lineCount: 1,
      httpStatus: 200,
      spectrumStatus: "OK",
      spectrumDetails: "Updated",
      message: "Spectrum updated all 1 line items.",
      durationMs: 42,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      completedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const all = await audit.listRecentSubmissions(1_000);
    const total = db.use((c2) => (c2.prepare("SELECT COUNT(*) AS n FROM Submission").get() as { n: number }).n);
    expect(all).toHaveLength(total);
    expect(all.at(-1)!.id).toBe(d);
    const times = all.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    expect(await audit.listRecentSubmissions(1)).toHaveLength(1);
  });

  it("returns 20 by default", async () => {
    const existing = db.use((c) => (c.prepare("SELECT COUNT(*) AS n FROM Submission").get() as { n: number }).n);
    for (let i = existing; i < 22; i++)
      await createPending(tracking([{ recipeSetReadableId: `D${i}`, shipmentTracking: "1" }]));
    expect(await audit.listRecentSubmissions()).toHaveLength(20);
  });
});

describe("recoverInterruptedSubmissions", () => {
  it("marks only pending rows older than the cutoff as interrupted, their lines unknown", async () => {
    const two = () =>
      tracking([
        { recipeSetReadableId: "A", shipmentTracking: "1" },
        { recipeSetReadableId: "B", shipmentTracking: "2" },
      ]);
    const staleA = await createPending(two());
    const staleB = await createPending(two());
    const recentPending = await createPending(two());
    const oldCompleted = await createPending(two());
    await audit.completeSubmission(oldCompleted, succeeded(2), ok());
    backdate(staleA, 2 * HOUR);
    backdate(staleB, 3 * HOUR);
    backdate(oldCompleted, 5 * HOUR);
    // every other pending row in this file is seconds old: only the two stale ones qualify
    const recentBefore = submissionRow(recentPending);
    const completedBefore = submissionRow(oldCompleted);
    const completedLinesBefore = lineRows(oldCompleted);

    const before = Date.now();
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(2);

    for (const id of [staleA, staleB]) {
      const row = submissionRow(id)!;
      expect(row).toMatchObject({
        state: "interrupted",
        message: audit.INTERRUPTED_MESSAGE,
        httpStatus: null,
        responseBody: null,
      });
      expect(row.completedAt).toBeGreaterThanOrEqual(before);
      expect(lineRows(id).map((l) => [l.outcome, l.message])).toEqual([
        ["unknown", "Outcome unknown: interrupted before Spectrum's answer was recorded"],
        ["unknown", "Outcome unknown: interrupted before Spectrum's answer was recorded"],
      ]);
    }
    expect(submissionRow(recentPending)).toEqual(recentBefore);
    expect(lineRows(recentPending).map((l) => l.outcome)).toEqual(["pending", "pending"]);
    expect(submissionRow(oldCompleted)).toEqual(completedBefore);
    expect(lineRows(oldCompleted)).toEqual(completedLinesBefore);

    const dto = await audit.getSubmission({ id: staleA });
    expect(dto).toMatchObject({ state: "interrupted", message: audit.INTERRUPTED_MESSAGE });
    expect(dto!.lines.map((l) => l.outcome)).toEqual(["unknown", "unknown"]);

    // idempotent, and an interrupted submission is never completed afterwards
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(0);
    await expect(audit.completeSubmission(staleA, succeeded(2), ok())).rejects.toThrow(/no longer pending/);
    expect(submissionRow(staleA)!.state).toBe("interrupted");
  });

  it("returns 0 when nothing is stale", async () => {
    expect(await audit.recoverInterruptedSubmissions(24 * HOUR)).toBe(0);
  });
});
