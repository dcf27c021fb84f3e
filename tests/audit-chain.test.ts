// The tamper-evident audit log, on the database of the run (SQLite, or PostgreSQL under npm run test:unit:pg):
// the append-only triggers refuse plain SQL edits and deletes, the hash chain names an entry edited with the
// triggers out of the way, concurrent completions from two processes leave one chain, a crash-recovered submission
// verifies, and an export with proof is checked cell by cell.
import { createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Interpretation } from "@/lib/spectrum/interpret";
import { MIGRATE_TIMEOUT_MS, runInChildProcess, useTempDatabase, type TempDatabase } from "./support/integration";

type AuditModule = typeof import("@/lib/db/audit");
type VerifyModule = typeof import("@/lib/audit-chain/verify");
type ChainModule = typeof import("@/lib/audit-chain/chain");

const loadChainModules = async () => ({
  audit: await import("@/lib/db/audit"),
  attention: await import("@/lib/db/attention"),
  verify: await import("@/lib/audit-chain/verify"),
  chain: await import("@/lib/audit-chain/chain"),
});
const setup = useTempDatabase("audit-chain", loadChainModules);
let db: TempDatabase;
let audit: AuditModule;
let attention: typeof import("@/lib/db/attention");
let verify: VerifyModule;
let chain: ChainModule;
beforeAll(() => {
  db = setup.db;
  ({ audit, attention, verify, chain } = setup.modules);
});

const outcome = (state: "succeeded" | "failed", lines = 2): Interpretation => ({
  state,
  httpStatus: state === "succeeded" ? 200 : 500,
  spectrumStatus: state === "succeeded" ? "OK" : "Error",
  spectrumDetails: state === "succeeded" ? "Updated" : "Internal error",
  message: state === "succeeded" ? `Spectrum updated all ${lines} line items.` : "Spectrum failed.",
  notFoundIds: [],
  lines: Array.from({ length: lines }, () =>
    state === "succeeded"
      ? { outcome: "updated" as const, message: "Updated" }
      : { outcome: "failed" as const, message: "Failed" },
  ),
});

async function send(state: "succeeded" | "failed" = "succeeded", resubmitOfId?: number): Promise<number> {
  const purchaseOrderNumber = `PO-CHAIN-${randomUUID().slice(0, 8)}`;
  const lineItems = [
    { recipeSetReadableId: "R-1", shipmentTracking: "1Z999AA10123456784" },
    { recipeSetReadableId: "R-2", shipmentTracking: "1Z999AA10123456784", serialNumbers: ["SN-1", "SN-2"] },
  ];
  const requestBody = JSON.stringify({ purchaseOrderNumber, lineItems });
  const created = await audit.createPendingSubmission({
    kind: "tracking",
    environment: "Sandbox",
    baseUrl: "http://127.0.0.1:9",
    purchaseOrderNumber,
    requestBody,
    requestHash: createHash("sha256").update(`tracking\n${requestBody}`).digest("hex"),
    idempotencyKey: randomUUID(),
    lineItems,
    resubmitOfId,
  });
  await audit.completeSubmission(created!.id, outcome(state), { bodyText: "{}", truncated: false, durationMs: 7 });
  return created!.id;
}

/** Runs SQL with the triggers in force, as any database user would. */
const guarded = (sql: string, ...params: unknown[]) =>
  db.use((c) => c.prepare(sql).run(...params), { writable: true, guarded: true });
/** Runs SQL with the triggers out of the way (dropped on SQLite, off for the session on PostgreSQL). */
const unguarded = (sql: string, ...params: unknown[]) =>
  db.use((c) => c.prepare(sql).run(...params), { writable: true });

const entryOf = (type: string, id: number) =>
  db.use(
    (c) =>
      c.prepare("SELECT seq, hash FROM AuditEntry WHERE type = ? AND recordId = ?").get(type, id) as
        { seq: number; hash: string } | undefined,
  );

describe("append-only triggers", () => {
  let id: number;
  beforeAll(async () => {
    id = await send("failed");
  });

  it.each([
    ["a recorded outcome", `UPDATE Submission SET state = 'succeeded' WHERE id = ?`],
    ["a recorded message", `UPDATE Submission SET message = 'fine' WHERE id = ?`],
    ["a line item's outcome", `UPDATE SubmissionLineItem SET outcome = 'updated' WHERE submissionId = ?`],
    ["a line item's message", `UPDATE SubmissionLineItem SET message = 'ok' WHERE submissionId = ?`],
    ["a submission", `DELETE FROM Submission WHERE id = ?`],
    ["its line items", `DELETE FROM SubmissionLineItem WHERE submissionId = ?`],
  ])("refuse editing or deleting %s with plain SQL", (_what, sql) => {
    expect(() => guarded(sql, id)).toThrow(/append-only/);
  });

  it("refuse deleting or editing resolutions, auth events and chain entries", async () => {
    await attention.resolveSubmission({ submissionId: id, note: "checked by phone" });
    const { recordAuthEvent } = await import("@/lib/auth/events");
    await recordAuthEvent({ type: "sign_in", email: "ops@example.com" });
    expect(() => guarded("DELETE FROM Resolution WHERE submissionId = ?", id)).toThrow(/append-only/);
    expect(() => guarded("UPDATE Resolution SET note = 'nothing' WHERE submissionId = ?", id)).toThrow(/append-only/);
    expect(() => guarded("DELETE FROM AuthEvent")).toThrow(/append-only/);
    expect(() => guarded("UPDATE AuthEvent SET email = 'x@example.com'")).toThrow(/append-only/);
    expect(() => guarded("DELETE FROM AuditEntry")).toThrow(/append-only/);
    expect(() => guarded("UPDATE AuditEntry SET hash = 'x'")).toThrow(/append-only/);
    expect(() => guarded("UPDATE AuditChainHead SET seq = 0")).toThrow(/append-only/);
  });

  it("refuse changing what was sent, even while the submission is pending", async () => {
    const created = await audit.createPendingSubmission({
      kind: "status",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: "PO-PENDING",
      requestBody: "{}",
      requestHash: randomUUID(),
      idempotencyKey: randomUUID(),
      lineItems: [{ recipeSetReadableId: "R-9", workflowStatus: "released" }],
    });
    expect(() => guarded("UPDATE Submission SET requestBody = '{\"x\":1}' WHERE id = ?", created!.id)).toThrow(
      /append-only/,
    );
    expect(() =>
      guarded("UPDATE SubmissionLineItem SET workflowStatus = 'cancelled' WHERE submissionId = ?", created!.id),
    ).toThrow(/append-only/);
    // …while the one transition the app makes, pending → outcome, still works.
    await audit.completeSubmission(created!.id, outcome("succeeded", 1), {
      bodyText: "{}",
      truncated: false,
      durationMs: 3,
    });
    expect(entryOf("submission", created!.id)).toBeDefined();
  });
});

describe("the hash chain", () => {
  it("seals every completion, resolution and auth event, and verifies", async () => {
    const first = await send("failed");
    const resubmit = await send("succeeded", first); // resolves the first: a resolution joins the chain
    const report = await verify.verifyChain();
    expect(report.result).toBe("verified");
    const head = await chain.readChainHead();
    expect(report.throughSeq).toBe(head!.seq);
    expect(report.throughHash).toBe(head!.hash);
    expect(report.throughHash).toMatch(/^[0-9a-f]{64}$/);
    const a = entryOf("submission", first)!;
    const b = entryOf("submission", resubmit)!;
    const resolution = db.use(
      (c) => c.prepare("SELECT id FROM Resolution WHERE submissionId = ?").get(first) as { id: number },
    );
    const r = entryOf("resolution", resolution.id)!;
    expect([a.seq, b.seq, r.seq]).toEqual([a.seq, a.seq + 1, a.seq + 2]);
  });

  it("a submission recovered after a crash (pending → interrupted) is sealed and verifies", async () => {
    const created = await audit.createPendingSubmission({
      kind: "tracking",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: "PO-CRASH",
      requestBody: "{}",
      requestHash: randomUUID(),
      idempotencyKey: randomUUID(),
      lineItems: [{ recipeSetReadableId: "R-C", shipmentTracking: "1Z1" }],
    });
    // The crash: the process died while Spectrum had the request; an hour passes.
    unguarded(`UPDATE Submission SET createdAt = ${db.msBefore("createdAt")} WHERE id = ?`, 3_600_000, created!.id);
    expect(await audit.recoverInterruptedSubmissions(60_000)).toBeGreaterThanOrEqual(1);
    const row = db.use(
      (c) => c.prepare("SELECT state FROM Submission WHERE id = ?").get(created!.id) as { state: string },
    );
    expect(row.state).toBe("interrupted");
    expect(entryOf("submission", created!.id)).toBeDefined();
    expect((await verify.verifyChain()).result).toBe("verified");
  });

  it(
    "200 completions from two processes at once leave one unbroken chain",
    async () => {
      const before = (await chain.readChainHead())!.seq;
      const results = await Promise.all(["A", "B"].map((p) => completeInChildProcess(p, 100, 20)));
      expect(results.map((r) => r.completed)).toEqual([100, 100]);
      const report = await verify.verifyChain();
      expect(report.result).toBe("verified");
      expect(report.throughSeq).toBe(before + 200);
      const seqs = db.use(
        (c) => c.prepare("SELECT seq FROM AuditEntry WHERE seq > ? ORDER BY seq").all(before) as { seq: number }[],
      );
      expect(seqs.map((s) => s.seq)).toEqual(Array.from({ length: 200 }, (_, i) => before + 1 + i));
      const children = db.use(
        (c) =>
          c
            .prepare(
              "SELECT COUNT(*) AS n FROM Submission s JOIN AuditEntry e ON e.type = 'submission' AND e.recordId = s.id WHERE s.purchaseOrderNumber LIKE 'A-%' OR s.purchaseOrderNumber LIKE 'B-%'",
            )
            .get() as { n: number },
      );
      expect(Number(children.n)).toBe(200);
    },
    MIGRATE_TIMEOUT_MS * 2,
  );

  describe("with the triggers out of the way", () => {
    // Each case edits a copy of the story and puts it back, so the next starts from a verified chain.
    it("an outcome edited by hand is named: its entry, its record, the hashes", async () => {
      const id = await send("failed");
      const { seq } = entryOf("submission", id)!;
      unguarded("UPDATE Submission SET state = 'succeeded' WHERE id = ?", id);
      const report = await verify.verifyChain();
      expect(report.result).toBe("broken");
      expect(report.broken).toMatchObject({ seq, type: "submission", recordId: id });
      expect(report.broken!.problem).toContain(`submission #${id} no longer matches its hash`);
      expect(report.broken!.detail).toContain('"state":"succeeded"');
      expect(report.throughSeq).toBe(seq - 1);
      unguarded("UPDATE Submission SET state = 'failed' WHERE id = ?", id);
      expect((await verify.verifyChain()).result).toBe("verified");
    });

    it("a line item's outcome edited by hand is named", async () => {
      const id = await send("failed");
      const { seq } = entryOf("submission", id)!;
      unguarded("UPDATE SubmissionLineItem SET outcome = 'updated' WHERE submissionId = ? AND position = 1", id);
      const report = await verify.verifyChain();
      expect(report.broken).toMatchObject({ seq, recordId: id });
      unguarded("UPDATE SubmissionLineItem SET outcome = 'failed' WHERE submissionId = ? AND position = 1", id);
      expect((await verify.verifyChain()).result).toBe("verified");
    });

    it("what was sent, edited by hand, is named as such", async () => {
      const id = await send("succeeded");
      const { seq } = entryOf("submission", id)!;
      const { requestBody } = db.use(
        (c) => c.prepare("SELECT requestBody FROM Submission WHERE id = ?").get(id) as { requestBody: string },
      );
      unguarded("UPDATE Submission SET requestBody = ? WHERE id = ?", requestBody.replace("R-1", "R-X"), id);
      const report = await verify.verifyChain();
      expect(report.broken).toMatchObject({ seq, recordId: id });
      expect(report.broken!.problem).toContain("what was sent has been edited");
      unguarded("UPDATE Submission SET requestBody = ? WHERE id = ?", requestBody, id);
      expect((await verify.verifyChain()).result).toBe("verified");
    });
  });
});

describe("on a database of its own", () => {
  // These leave the chain broken: a fresh database.
  const own = useTempDatabase("audit-chain-own", loadChainModules);
  let fresh: TempDatabase;
  let a: AuditModule;
  let v: VerifyModule;
  let c: ChainModule;
  beforeAll(() => {
    fresh = own.db;
    ({ audit: a, verify: v, chain: c } = own.modules);
  });
  const off = (sql: string, ...params: unknown[]) =>
    fresh.use((conn) => conn.prepare(sql).run(...params), { writable: true });
  const sendHere = async (po: string) => {
    const requestBody = JSON.stringify({ purchaseOrderNumber: po });
    const created = await a.createPendingSubmission({
      kind: "status",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: po,
      requestBody,
      requestHash: createHash("sha256").update(`status\n${requestBody}`).digest("hex"),
      idempotencyKey: randomUUID(),
      lineItems: [{ recipeSetReadableId: `R-${po}`, workflowStatus: "released" }],
    });
    await a.completeSubmission(created!.id, outcome("succeeded", 1), {
      bodyText: "{}",
      truncated: false,
      durationMs: 1,
    });
    return created!.id;
  };
  /** A completed submission written with plain SQL (no chain entry): its id. */
  const insertCompleted = (po: string) => {
    off(
      `INSERT INTO Submission (kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey, state, lineCount, responseTruncated, createdAt)
       VALUES ('status', 'Sandbox', 'x', ?, '{}', 'h', ?, 'succeeded', 0, 0, ?)`,
      po,
      randomUUID(),
      Date.now(),
    );
    return idOf(po);
  };
  const idOf = (po: string) =>
    Number(
      fresh.use(
        (conn) =>
          (conn.prepare("SELECT id FROM Submission WHERE purchaseOrderNumber = ?").get(po) as { id: number }).id,
      ),
    );

  it("records from before the chain are sealed once, in id order; one slipped in later never is", async () => {
    // Two records "from before the chain": written directly, inside the legacy bound the migration set.
    insertCompleted("PO-OLD-1");
    const bound = insertCompleted("PO-OLD-2");
    off("UPDATE AuditChainHead SET legacySubmissionId = ?", bound);
    const before = await v.verifyChain();
    expect(before).toMatchObject({ result: "verified", legacyUnsealed: 2, throughSeq: 0 });
    expect(await c.sealLegacyRecords()).toBe(2);
    expect(await c.sealLegacyRecords()).toBe(0);
    expect(await v.verifyChain()).toMatchObject({ result: "verified", legacyUnsealed: 0, throughSeq: 2 });
    await sendHere("PO-NEW");
    const slipped = insertCompleted("PO-SLIPPED");
    expect(await c.sealLegacyRecords()).toBe(0);
    const report = await v.verifyChain();
    expect(report.result).toBe("broken");
    expect(report.broken!.problem).toContain(
      `submission #${slipped} is not in the chain, yet it was written after the chain existed`,
    );
    off("DELETE FROM Submission WHERE id = ?", slipped);
    expect((await v.verifyChain()).result).toBe("verified");
  });

  it("an export with proof checks cell by cell; an edited cell is named", async () => {
    const { iterateHistoryWithLines } = await import("@/lib/db/history");
    const { chainProofs } = await import("@/lib/audit-chain/proofs");
    const { csvRow } = await import("@/lib/csv");
    const { EXPORT_COLUMNS, PROOF_COLUMNS, exportCells } = await import("@/lib/history-export");
    const { checkExportAgainstChain } = await import("@/lib/audit-chain/csv-check");
    let text = csvRow([...EXPORT_COLUMNS, ...PROOF_COLUMNS]);
    for await (const batch of iterateHistoryWithLines({})) {
      const proofs = await chainProofs(batch.map((b) => b.submission.id));
      for (const { submission, lines } of batch)
        for (const line of lines) text += csvRow(exportCells(submission, line, proofs.get(submission.id) ?? null));
    }
    const clean = await checkExportAgainstChain(text);
    expect(clean).toMatchObject({ rows: 1, matching: 1, differenceCount: 0 });
    const edited = await checkExportAgainstChain(text.replace(",succeeded,", ",failed,"));
    expect(edited.differenceCount).toBe(1);
    expect(edited.differences[0]).toBe(
      `row 2 (submission #${idOf("PO-NEW")}, line 1): outcome is "failed" in the file, "succeeded" in the log`,
    );
    const wrongHash = await checkExportAgainstChain(text.replace(/,[0-9a-f]{64}\r\n$/, `,${"a".repeat(64)}\r\n`));
    expect(wrongHash.differences[0]).toMatch(/the hash of chain entry 3 is [0-9a-f]{64} in the log, a{64} in the file/);
    // the whole chain (after the two records from before it, the send is entry 3) still verifies
    expect(await v.verifyChain()).toMatchObject({ result: "verified", throughSeq: 3 });
  });

  it("a deleted record and a missing entry are named", async () => {
    const first = await sendHere("PO-DEL-1");
    await sendHere("PO-DEL-2");
    const firstSeq = Number(
      fresh.use(
        (conn) =>
          (
            conn.prepare("SELECT seq FROM AuditEntry WHERE type = 'submission' AND recordId = ?").get(first) as {
              seq: number;
            }
          ).seq,
      ),
    );
    off("DELETE FROM SubmissionLineItem WHERE submissionId = ?", first);
    off("DELETE FROM Submission WHERE id = ?", first);
    let report = await v.verifyChain();
    expect(report.broken).toMatchObject({ seq: firstSeq, recordId: first });
    expect(report.broken!.problem).toContain(`submission #${first} is gone from the database (deleted)`);
    off("DELETE FROM AuditEntry WHERE seq = ?", firstSeq);
    report = await v.verifyChain();
    expect(report.broken!.problem).toBe(
      `entry ${firstSeq} is missing: the entry after ${firstSeq - 1} is ${firstSeq + 1}`,
    );
  });
});

describe("archiving old entries", () => {
  const own = useTempDatabase("audit-chain-archive", loadChainModules);
  let fresh: TempDatabase;
  beforeAll(() => {
    fresh = own.db;
    ({ audit, verify } = own.modules); // send() and the checks below use this database's modules
  });

  it("moves the oldest entries to a file that verifies on its own; the chain continues from its boundary hash", async () => {
    const archive = await import("@/lib/audit-chain/archive");
    const first = await send("succeeded");
    await send("succeeded");
    const failed = await send("failed");
    await send("succeeded", failed); // resolves #3: the resolution refers to it
    let text = "";
    for await (const lines of archive.archiveLines(2)) text += `${lines}\n`;
    const check = archive.checkArchive(text);
    expect(check).toMatchObject({ ok: true, entries: 2, header: { fromSeq: 1, throughSeq: 2 } });
    // an archive edited afterwards is caught on its own
    const edited = archive.checkArchive(text.replace('"state":"succeeded"', '"state":"failed"'));
    expect(edited).toMatchObject({
      ok: false,
      problem: "line 2: entry 1 (submission #" + first + ") does not match its hash",
    });
    // entry 3's submission is still referred to by a kept resolution: removing through 3 is refused with a bound
    let through3 = "";
    for await (const lines of archive.archiveLines(3)) through3 += `${lines}\n`;
    await expect(archive.removeArchived(archive.checkArchive(through3).header!)).rejects.toThrow(
      "archive up to entry 2 at most",
    );
    const { removed } = await archive.removeArchived(check.header!);
    expect(removed).toBe(2);
    const count = Number(
      fresh.use((c) => (c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE id = ?").get(first) as { n: number }).n),
    );
    expect(count).toBe(0);
    const after = await verify.verifyChain();
    expect(after).toMatchObject({ result: "verified", archivedThroughSeq: 2, fromSeq: 2 });
    await send("succeeded");
    expect((await verify.verifyChain()).result).toBe("verified");
    // the triggers are back after the removal
    expect(() =>
      fresh.use((c) => c.prepare("DELETE FROM Submission WHERE id = ?").run(failed), { writable: true, guarded: true }),
    ).toThrow(/append-only/);
  });
});

function completeInChildProcess(prefix: string, count: number, concurrency: number): Promise<{ completed: number }> {
  return runInChildProcess("tests/support/complete-many.ts", [String(count), String(concurrency), prefix], db.url);
}
