import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Interpretation } from "@/lib/spectrum/interpret";
import { ATTENTION_STATES } from "@/lib/spectrum/types";
import {
  clearAuditTables,
  lineRows,
  queueRows,
  resolutionRows,
  setCreatedAt,
  submissionRow,
} from "./support/audit-rows";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

type AuditModule = typeof import("@/lib/db/audit");
type AttentionModule = typeof import("@/lib/db/attention");

let db: TempDatabase;
let conn: Database.Database;
let restoreEnv: () => void;
let audit: AuditModule;
let attention: AttentionModule;

beforeAll(async () => {
  db = createTempDatabase("attention");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  audit = await import("@/lib/db/audit");
  attention = await import("@/lib/db/attention");
  conn = db.open({ writable: true });
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  conn?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

beforeEach(() => clearAuditTables(conn));

const HOUR = 60 * 60 * 1000;
type Outcome = Interpretation["state"];

/** A hand-made Interpretation: every line gets the outcome that goes with `state`, except `notFound` ones. */
function interpretation(state: Outcome, lineIds: string[], notFound: string[] = []): Interpretation {
  const http = { succeeded: 200, rejected: 409, failed: 500, unknown: null }[state];
  const lineOutcome = { succeeded: "updated", rejected: "not_applied", failed: "failed", unknown: "unknown" } as const;
  return {
    state,
    httpStatus: http,
    spectrumStatus: http === null ? null : state === "succeeded" ? "OK" : "Error",
    spectrumDetails:
      state === "rejected"
        ? `Unable to find recipeSetReadableId(s): ${notFound.join(", ")}.`
        : state === "failed"
          ? "boom"
          : null,
    message: `${state} (test)`,
    notFoundIds: notFound,
    lines: lineIds.map((id) =>
      notFound.includes(id)
        ? { outcome: "not_found", message: "Not found in Spectrum" }
        : { outcome: lineOutcome[state], message: `${state} line` },
    ),
  };
}

async function createPending(
  options: { lineIds?: string[]; resubmitOfId?: number; po?: string } = {},
): Promise<number> {
  const lineIds = options.lineIds ?? ["AAAA1111", "BBBB2222"];
  const purchaseOrderNumber = options.po ?? `PO-ATT-${randomUUID().slice(0, 8)}`;
  const created = await audit.createPendingSubmission({
    kind: "tracking",
    environment: "Sandbox",
    baseUrl: "http://127.0.0.1:9",
    purchaseOrderNumber,
    requestBody: JSON.stringify({ purchaseOrderNumber, lineIds }),
    requestHash: `hash-${randomUUID()}`,
    idempotencyKey: randomUUID(),
    lineItems: lineIds.map((recipeSetReadableId) => ({ recipeSetReadableId, shipmentTracking: "TRK" })),
    resubmitOfId: options.resubmitOfId,
  });
  if (!created) throw new Error("expected a new submission");
  return created.id;
}

async function complete(id: number, state: Outcome, notFound: string[] = []) {
  const lineIds = lineRows(conn, id).map((l) => l.recipeSetReadableId);
  await audit.completeSubmission(id, interpretation(state, lineIds, notFound), {
    bodyText: "{}",
    truncated: false,
    durationMs: 12,
  });
}

/** Creates and completes a submission; optionally backdated to `createdAt` before completion. */
async function send(
  state: Outcome,
  options: { lineIds?: string[]; notFound?: string[]; resubmitOfId?: number; createdAt?: number; po?: string } = {},
): Promise<number> {
  const id = await createPending(options);
  if (options.createdAt !== undefined) setCreatedAt(conn, id, options.createdAt);
  await complete(id, state, options.notFound);
  return id;
}

const queueIds = () => queueRows(conn).map((q) => q.submissionId);

describe("the attention queue", () => {
  it.each(["failed", "rejected", "unknown"] as const)(
    "takes in a %s submission, dated by its createdAt",
    async (state) => {
      const id = await send(state, { notFound: state === "rejected" ? ["BBBB2222"] : [] });
      expect(queueRows(conn)).toEqual([{ submissionId: id, createdAt: submissionRow(conn, id)!.createdAt }]);
      expect(await attention.countAttention()).toBe(1);
    },
  );

  it("leaves out a succeeded submission, and a pending one", async () => {
    await send("succeeded");
    await createPending();
    expect(queueIds()).toEqual([]);
    expect(await attention.countAttention()).toBe(0);
    expect(await attention.listAttention()).toEqual([]);
  });

  it("covers every attention state", () => {
    expect([...ATTENTION_STATES].sort()).toEqual(["failed", "interrupted", "rejected", "unknown"]);
  });

  it("takes in submissions recovered as interrupted, dated by their createdAt", async () => {
    const stale = await createPending();
    const staler = await createPending();
    const fresh = await createPending();
    const t1 = Date.now() - 2 * HOUR;
    const t2 = Date.now() - 3 * HOUR;
    setCreatedAt(conn, stale, t1);
    setCreatedAt(conn, staler, t2);
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(2);
    expect(queueRows(conn)).toEqual([
      { submissionId: stale, createdAt: t1 },
      { submissionId: staler, createdAt: t2 },
    ]);
    expect(queueIds()).not.toContain(fresh);
    const listed = await attention.listAttention();
    expect(listed.map((r) => [r.id, r.state])).toEqual([
      [stale, "interrupted"],
      [staler, "interrupted"],
    ]);
    // idempotent: nothing enters twice
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(0);
    expect(await attention.countAttention()).toBe(2);
  });
});

describe("listAttention", () => {
  it("lists the queue newest first (by createdAt, then id), with the IDs Spectrum could not find", async () => {
    const now = Date.now();
    const oldest = await send("failed", { createdAt: now - 5 * HOUR });
    const rejected = await send("rejected", {
      lineIds: ["AAAA1111", "BBBB2222", "CCCC3333", "DDDD4444"],
      notFound: ["DDDD4444", "BBBB2222"],
      createdAt: now - 2 * HOUR,
    });
    const tieLow = await send("unknown", { createdAt: now - 3 * HOUR });
    const tieHigh = await send("failed", { createdAt: now - 3 * HOUR });
    await send("succeeded", { createdAt: now - HOUR });
    const newest = await send("unknown", { createdAt: now - 1000 });

    const rows = await attention.listAttention();
    expect(rows.map((r) => r.id)).toEqual([newest, rejected, tieHigh, tieLow, oldest]);
    expect(await attention.countAttention()).toBe(5);

    const row = submissionRow(conn, rejected)!;
    expect(rows[1]).toEqual({
      id: rejected,
      kind: "tracking",
      environment: "Sandbox",
      purchaseOrderNumber: row.purchaseOrderNumber,
      state: "rejected",
      lineCount: 4,
      httpStatus: 409,
      message: "rejected (test)",
      createdAt: new Date(now - 2 * HOUR).toISOString(),
      resubmitOfId: null,
      // in line order, not in the order Spectrum named them
      notFoundIds: ["BBBB2222", "DDDD4444"],
    });
    expect(rows.filter((r) => r.id !== rejected).every((r) => r.notFoundIds.length === 0)).toBe(true);
  });

  it("honours the limit", async () => {
    for (let i = 0; i < 4; i++) await send("failed", { createdAt: Date.now() - i * HOUR });
    const all = await attention.listAttention();
    expect(await attention.listAttention(2)).toEqual(all.slice(0, 2));
    expect(await attention.countAttention()).toBe(4);
  });
});

describe("resolveSubmission", () => {
  const operator = { id: "op-7", name: "Grace Hopper", email: "grace@example.com" };

  it("writes a manual Resolution with the note and operator, takes the item out of the queue, and touches nothing else", async () => {
    const id = await send("rejected", { notFound: ["AAAA1111"] });
    const other = await send("failed");
    const rowBefore = submissionRow(conn, id);
    const linesBefore = lineRows(conn, id);
    const detailBefore = await audit.getSubmissionDetail(id);
    expect(detailBefore).toMatchObject({ needsAttention: true, resolution: null });

    const before = Date.now();
    await attention.resolveSubmission({ submissionId: id, note: "Fixed the IDs in Spectrum by hand", operator });
    const after = Date.now();

    const [resolution, ...more] = resolutionRows(conn);
    expect(more).toEqual([]);
    expect(resolution).toEqual({
      id: expect.any(Number),
      submissionId: id,
      kind: "manual",
      note: "Fixed the IDs in Spectrum by hand",
      resolvedBySubmissionId: null,
      operatorId: "op-7",
      operatorName: "Grace Hopper",
      operatorEmail: "grace@example.com",
      createdAt: expect.any(Number),
    });
    expect(resolution!.createdAt).toBeGreaterThanOrEqual(before);
    expect(resolution!.createdAt).toBeLessThanOrEqual(after);
    expect(queueIds()).toEqual([other]);
    expect(await attention.countAttention()).toBe(1);

    // the submission and its line items are never edited
    expect(submissionRow(conn, id)).toEqual(rowBefore);
    expect(lineRows(conn, id)).toEqual(linesBefore);

    const detail = await audit.getSubmissionDetail(id);
    expect(detail).toMatchObject({
      needsAttention: false,
      resolution: {
        kind: "manual",
        note: "Fixed the IDs in Spectrum by hand",
        resolvedBySubmissionId: null,
        operatorName: "Grace Hopper",
        operatorEmail: "grace@example.com",
        createdAt: new Date(resolution!.createdAt).toISOString(),
      },
    });
    const { needsAttention: _a, resolution: _r, ...restBefore } = detailBefore!;
    const { needsAttention: _b, resolution: _s, ...restAfter } = detail!;
    expect(restAfter).toEqual(restBefore);
  });

  it("records no operator when none is given", async () => {
    const id = await send("unknown");
    await attention.resolveSubmission({ submissionId: id, note: "Checked in Spectrum: applied" });
    expect(resolutionRows(conn)).toEqual([
      expect.objectContaining({
        submissionId: id,
        kind: "manual",
        operatorId: null,
        operatorName: null,
        operatorEmail: null,
      }),
    ]);
  });

  it("refuses a second resolution (NotInQueueError) and keeps the first", async () => {
    const id = await send("failed");
    await attention.resolveSubmission({ submissionId: id, note: "first", operator });
    const first = resolutionRows(conn);
    const rowBefore = submissionRow(conn, id);

    const again = attention.resolveSubmission({
      submissionId: id,
      note: "second",
      operator: { id: "x", name: "X", email: "x@example.com" },
    });
    await expect(again).rejects.toBeInstanceOf(attention.NotInQueueError);
    await expect(again).rejects.toThrow(`Submission #${id} is not waiting for attention`);
    expect(resolutionRows(conn)).toEqual(first);
    expect(submissionRow(conn, id)).toEqual(rowBefore);
  });

  it("refuses a submission that never was in the queue, or does not exist, and writes nothing", async () => {
    const ok = await send("succeeded");
    const pending = await createPending();
    for (const submissionId of [ok, pending, 987_654]) {
      await expect(attention.resolveSubmission({ submissionId, note: "n/a", operator })).rejects.toBeInstanceOf(
        attention.NotInQueueError,
      );
    }
    expect(resolutionRows(conn)).toEqual([]);
  });

  it("lets exactly one of two concurrent resolutions through", async () => {
    const id = await send("failed");
    const results = await Promise.allSettled([
      attention.resolveSubmission({ submissionId: id, note: "one", operator }),
      attention.resolveSubmission({ submissionId: id, note: "two", operator }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(attention.NotInQueueError);
    expect(resolutionRows(conn)).toHaveLength(1);
    expect(queueIds()).toEqual([]);
  });
});

describe("listAttention filters and order", () => {
  it("filters by kind and by outcome, and sorts by age either way", async () => {
    const now = Date.now();
    const failedOld = await send("failed", { createdAt: now - 5 * HOUR });
    const rejected = await send("rejected", { notFound: ["AAAA1111"], createdAt: now - 4 * HOUR });
    const failedNew = await send("failed", { createdAt: now - 2 * HOUR });
    const unknown = await send("unknown", { createdAt: now - HOUR });
    conn.prepare("UPDATE Submission SET kind = 'status' WHERE id = ?").run(failedNew);

    const ids = async (filters: Parameters<AttentionModule["listAttention"]>[1]) =>
      (await attention.listAttention(200, filters)).map((r) => r.id);
    expect(await ids({})).toEqual([unknown, failedNew, rejected, failedOld]);
    expect(await ids({ sort: "newest" })).toEqual([unknown, failedNew, rejected, failedOld]);
    expect(await ids({ sort: "oldest" })).toEqual([failedOld, rejected, failedNew, unknown]);
    expect(await ids({ outcome: "failed" })).toEqual([failedNew, failedOld]);
    expect(await ids({ outcome: "failed", sort: "oldest" })).toEqual([failedOld, failedNew]);
    expect(await ids({ kind: "status" })).toEqual([failedNew]);
    expect(await ids({ kind: "tracking", outcome: "failed" })).toEqual([failedOld]);
    expect(await ids({ outcome: "interrupted" })).toEqual([]);
    expect(await attention.listAttention(1, { sort: "oldest" })).toHaveLength(1);
  });
});

describe("resolveSubmissions (several at once)", () => {
  const operator = { id: "op-9", name: "Ada Lovelace", email: "ada@example.com" };

  it("writes one manual Resolution per submission with the one note and the operator, and empties them from the queue", async () => {
    const a = await send("failed");
    const b = await send("rejected", { notFound: ["AAAA1111"] });
    const c = await send("unknown");
    const rowsBefore = [a, b].map((id) => submissionRow(conn, id));

    const result = await attention.resolveSubmissions({
      submissionIds: [a, b, a],
      note: "Checked in Spectrum",
      operator,
    });
    expect(result).toEqual({ resolved: [a, b], skipped: [] });
    expect(queueIds()).toEqual([c]);
    expect(resolutionRows(conn).map(({ id: _id, createdAt: _t, ...r }) => r)).toEqual(
      [a, b].map((submissionId) => ({
        submissionId,
        kind: "manual",
        note: "Checked in Spectrum",
        resolvedBySubmissionId: null,
        operatorId: "op-9",
        operatorName: "Ada Lovelace",
        operatorEmail: "ada@example.com",
      })),
    );
    expect([a, b].map((id) => submissionRow(conn, id))).toEqual(rowsBefore);
    expect(await audit.getSubmissionDetail(a)).toMatchObject({
      needsAttention: false,
      resolution: { kind: "manual", note: "Checked in Spectrum", operatorName: "Ada Lovelace" },
    });
  });

  it("skips what is no longer waiting (resolved, succeeded, missing) and keeps its earlier resolution", async () => {
    const waiting = await send("failed");
    const resolved = await send("failed");
    const ok = await send("succeeded");
    await attention.resolveSubmission({ submissionId: resolved, note: "first", operator });

    const result = await attention.resolveSubmissions({
      submissionIds: [resolved, waiting, ok, 987_654],
      note: "bulk",
      operator,
    });
    expect(result).toEqual({ resolved: [waiting], skipped: [resolved, ok, 987_654] });
    expect(new Map(resolutionRows(conn).map((r) => [r.submissionId, r.note]))).toEqual(
      new Map([
        [resolved, "first"],
        [waiting, "bulk"],
      ]),
    );
    expect(queueIds()).toEqual([]);
  });

  it("lets each submission be resolved once when two bulk resolutions overlap", async () => {
    const ids = [await send("failed"), await send("unknown"), await send("rejected")];
    const [one, two] = await Promise.all([
      attention.resolveSubmissions({ submissionIds: ids, note: "one", operator }),
      attention.resolveSubmissions({ submissionIds: [...ids].reverse(), note: "two", operator }),
    ]);
    expect([...one.resolved, ...two.resolved].sort()).toEqual([...ids].sort());
    expect(resolutionRows(conn)).toHaveLength(3);
    expect(queueIds()).toEqual([]);
  });
});

describe("resubmits", () => {
  it("a pending resubmit leaves the original in the queue until its outcome is known", async () => {
    const original = await send("failed");
    await createPending({ resubmitOfId: original });
    expect(queueIds()).toEqual([original]);
  });

  it.each(["failed", "rejected", "unknown"] as const)(
    "a %s resubmit takes the original out of the queue (without resolving it) and enters it itself",
    async (state) => {
      const original = await send("rejected", { notFound: ["AAAA1111"] });
      const unrelated = await send("failed", { createdAt: Date.now() - HOUR });
      const originalBefore = submissionRow(conn, original);
      const resubmit = await send(state, {
        resubmitOfId: original,
        notFound: state === "rejected" ? ["BBBB2222"] : [],
      });

      expect(queueIds()).toEqual([resubmit, unrelated]);
      expect(resolutionRows(conn)).toEqual([]);
      expect(submissionRow(conn, original)).toEqual(originalBefore);
      expect(submissionRow(conn, resubmit)).toMatchObject({ resubmitOfId: original, state });

      expect(await audit.getSubmissionDetail(original)).toMatchObject({ needsAttention: false, resolution: null });
      expect(await audit.getSubmissionDetail(resubmit)).toMatchObject({
        needsAttention: true,
        resolution: null,
        resubmitOfId: original,
      });
      expect((await attention.listAttention()).map((r) => [r.id, r.resubmitOfId])).toEqual([
        [resubmit, original],
        [unrelated, null],
      ]);
    },
  );

  it("a chain of failed resubmits keeps only the latest attempt in the queue", async () => {
    const a = await send("failed");
    const b = await send("unknown", { resubmitOfId: a });
    const c = await send("failed", { resubmitOfId: b });
    expect(queueIds()).toEqual([c]);
  });

  it("a successful resubmit resolves every earlier attempt of the chain and empties the queue for it", async () => {
    const unrelated = await send("failed", { createdAt: Date.now() - HOUR });
    const a = await send("failed");
    const b = await send("rejected", { resubmitOfId: a, notFound: ["AAAA1111"] });
    const before = {
      a: submissionRow(conn, a),
      b: submissionRow(conn, b),
      aLines: lineRows(conn, a),
      bLines: lineRows(conn, b),
    };
    const t0 = Date.now();
    const c = await send("succeeded", { resubmitOfId: b });

    expect(queueIds()).toEqual([unrelated]);
    const resolutions = resolutionRows(conn);
    expect(resolutions).toEqual(
      [a, b].map((submissionId) => ({
        id: expect.any(Number),
        submissionId,
        kind: "resubmitted",
        note: expect.stringContaining(`#${c}`),
        resolvedBySubmissionId: c,
        operatorId: null,
        operatorName: null,
        operatorEmail: null,
        createdAt: expect.any(Number),
      })),
    );
    expect(resolutions.every((r) => r.createdAt >= t0)).toBe(true);
    // the earlier attempts themselves are not edited
    expect(submissionRow(conn, a)).toEqual(before.a);
    expect(submissionRow(conn, b)).toEqual(before.b);
    expect(lineRows(conn, a)).toEqual(before.aLines);
    expect(lineRows(conn, b)).toEqual(before.bLines);

    for (const id of [a, b]) {
      expect(await audit.getSubmissionDetail(id)).toMatchObject({
        needsAttention: false,
        resolution: { kind: "resubmitted", resolvedBySubmissionId: c, operatorName: null, operatorEmail: null },
      });
    }
    expect(await audit.getSubmissionDetail(c)).toMatchObject({
      state: "succeeded",
      needsAttention: false,
      resolution: null,
    });
  });

  it("a successful resubmit keeps an earlier manual resolution as it was", async () => {
    const a = await send("failed");
    await attention.resolveSubmission({
      submissionId: a,
      note: "looked at it",
      operator: { id: "op", name: "Op", email: "op@example.com" },
    });
    const manual = resolutionRows(conn);
    const b = await send("succeeded", { resubmitOfId: a });
    expect(resolutionRows(conn)).toEqual(manual);
    expect(queueIds()).toEqual([]);
    expect(submissionRow(conn, b)!.state).toBe("succeeded");
  });

  it("a resubmit of a manually resolved submission that fails enters the queue on its own", async () => {
    const a = await send("failed");
    await attention.resolveSubmission({ submissionId: a, note: "will resend" });
    const b = await send("failed", { resubmitOfId: a });
    expect(queueIds()).toEqual([b]);
    expect(resolutionRows(conn).map((r) => r.submissionId)).toEqual([a]);
  });

  it("a successful resubmit from the original also clears a failed sibling attempt of the same chain", async () => {
    const a = await send("failed");
    const b = await send("failed", { resubmitOfId: a });
    const c = await send("succeeded", { resubmitOfId: a });
    expect(queueIds()).toEqual([]);
    expect(resolutionRows(conn).map((r) => [r.submissionId, r.kind, r.resolvedBySubmissionId])).toEqual([
      [a, "resubmitted", c],
      [b, "resubmitted", c],
    ]);
  });

  it("an interrupted resubmit supersedes its original in the queue, like any other outcome", async () => {
    const a = await send("failed");
    const b = await createPending({ resubmitOfId: a });
    setCreatedAt(conn, b, Date.now() - 2 * HOUR);
    expect(await audit.recoverInterruptedSubmissions(HOUR)).toBe(1);
    expect(queueIds()).toEqual([b]);
  });
});

describe("getSubmissionDetail chain", () => {
  const links = async (id: number) => (await audit.getSubmissionDetail(id))!.chain;

  it("is the submission alone when it was never resubmitted", async () => {
    const id = await send("succeeded");
    const row = submissionRow(conn, id)!;
    expect(await links(id)).toEqual([
      { id, state: "succeeded", createdAt: new Date(row.createdAt).toISOString(), resubmitOfId: null },
    ]);
  });

  it("lists the original and every resubmit, oldest first, from any member of the chain", async () => {
    const now = Date.now();
    const a = await send("failed", { createdAt: now - 4 * HOUR });
    const b = await send("unknown", { resubmitOfId: a, createdAt: now - 3 * HOUR });
    const c = await send("rejected", { resubmitOfId: b, createdAt: now - 2 * HOUR, notFound: ["AAAA1111"] });
    const d = await send("succeeded", { resubmitOfId: c, createdAt: now - HOUR });
    const unrelated = await send("failed");

    const expected = [
      { id: a, state: "failed", createdAt: new Date(now - 4 * HOUR).toISOString(), resubmitOfId: null },
      { id: b, state: "unknown", createdAt: new Date(now - 3 * HOUR).toISOString(), resubmitOfId: a },
      { id: c, state: "rejected", createdAt: new Date(now - 2 * HOUR).toISOString(), resubmitOfId: b },
      { id: d, state: "succeeded", createdAt: new Date(now - HOUR).toISOString(), resubmitOfId: c },
    ];
    for (const id of [a, b, c, d]) expect(await links(id)).toEqual(expected);
    expect((await links(unrelated)).map((l) => l.id)).toEqual([unrelated]);

    const detail = (await audit.getSubmissionDetail(c))!;
    expect(detail).toMatchObject({
      id: c,
      resubmitOfId: b,
      state: "rejected",
      needsAttention: false,
      resolution: { kind: "resubmitted", resolvedBySubmissionId: d },
      baseUrl: "http://127.0.0.1:9",
      responseBody: "{}",
      responseTruncated: false,
      operatorName: null,
      operatorEmail: null,
    });
    expect(detail.requestBody).toContain(detail.purchaseOrderNumber);
    expect(detail.lines.map((l) => [l.recipeSetReadableId, l.outcome])).toEqual([
      ["AAAA1111", "not_found"],
      ["BBBB2222", "not_applied"],
    ]);
  });

  it("includes several resubmits of the same original, in creation order (id breaking ties)", async () => {
    const t = Date.now() - HOUR;
    const a = await send("failed", { createdAt: t - 1000 });
    const b = await send("failed", { resubmitOfId: a, createdAt: t });
    const c = await send("failed", { resubmitOfId: a, createdAt: t });
    const d = await send("unknown", { resubmitOfId: b, createdAt: t + 1000 });
    for (const id of [a, b, c, d]) expect((await links(id)).map((l) => l.id)).toEqual([a, b, c, d]);
  });

  it("is null for a submission that does not exist", async () => {
    expect(await audit.getSubmissionDetail(987_654)).toBeNull();
  });
});
