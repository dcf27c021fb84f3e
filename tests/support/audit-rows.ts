/**
 * Direct (better-sqlite3) access to the audit tables for the history and attention tests: seeding rows with
 * chosen timestamps, emptying the tables between scenarios, and reading rows back without going through Prisma.
 * Timestamps are stored as Unix epoch milliseconds.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";

export interface SeedLine {
  recipeSetReadableId: string;
  shipmentTracking?: string | null;
  serialNumbers?: string[] | null;
  workflowStatus?: string | null;
  outcome?: string;
  message?: string | null;
}

export interface SeedSubmission {
  createdAt: number;
  kind?: "tracking" | "status";
  environment?: string;
  purchaseOrderNumber?: string;
  state?: string;
  spectrumDetails?: string | null;
  httpStatus?: number | null;
  message?: string | null;
  durationMs?: number | null;
  operatorName?: string | null;
  operatorEmail?: string | null;
  resubmitOfId?: number | null;
  /** random unless given */
  idempotencyKey?: string;
  /** recipe set IDs, or full lines; written in reverse position order so reads must order by position */
  lines?: (string | SeedLine)[];
}

export interface SubmissionRow {
  id: number;
  kind: string;
  environment: string;
  purchaseOrderNumber: string;
  state: string;
  lineCount: number;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  responseBody: string | null;
  message: string | null;
  createdAt: number;
  completedAt: number | null;
  resubmitOfId: number | null;
  [column: string]: unknown;
}

export interface LineRow {
  id: number;
  submissionId: number;
  position: number;
  recipeSetReadableId: string;
  outcome: string;
  message: string | null;
  [column: string]: unknown;
}

export interface ResolutionRow {
  id: number;
  submissionId: number;
  kind: string;
  note: string;
  resolvedBySubmissionId: number | null;
  operatorId: string | null;
  operatorName: string | null;
  operatorEmail: string | null;
  createdAt: number;
}

/** Inserts one submission (and its line items) as if it had been sent at `createdAt`; returns its id. */
export function insertSubmission(conn: Database.Database, seed: SeedSubmission): number {
  const lines = (seed.lines ?? ["SEED0001"]).map((l) => (typeof l === "string" ? { recipeSetReadableId: l } : l));
  const purchaseOrderNumber = seed.purchaseOrderNumber ?? `PO-SEED-${randomUUID().slice(0, 8)}`;
  const state = seed.state ?? "succeeded";
  const write = conn.transaction(() => {
    const { lastInsertRowid } = conn
      .prepare(
        `INSERT INTO Submission (kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey,
           state, lineCount, httpStatus, spectrumDetails, message, durationMs, createdAt, completedAt,
           operatorName, operatorEmail, resubmitOfId)
         VALUES (?, ?, 'http://127.0.0.1:9', ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        seed.kind ?? "tracking",
        seed.environment ?? "Sandbox",
        purchaseOrderNumber,
        `hash-${randomUUID()}`,
        seed.idempotencyKey ?? randomUUID(),
        state,
        lines.length,
        seed.httpStatus ?? null,
        seed.spectrumDetails ?? null,
        seed.message ?? null,
        seed.durationMs ?? null,
        seed.createdAt,
        state === "pending" ? null : seed.createdAt + 250,
        seed.operatorName ?? null,
        seed.operatorEmail ?? null,
        seed.resubmitOfId ?? null,
      );
    const id = Number(lastInsertRowid);
    const insertLine = conn.prepare(
      `INSERT INTO SubmissionLineItem (submissionId, position, recipeSetReadableId, shipmentTracking, serialNumbers, workflowStatus, outcome, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let position = lines.length - 1; position >= 0; position--) {
      const line = lines[position]!;
      insertLine.run(
        id,
        position,
        line.recipeSetReadableId,
        line.shipmentTracking ?? null,
        line.serialNumbers ? JSON.stringify(line.serialNumbers) : null,
        line.workflowStatus ?? null,
        line.outcome ?? (state === "pending" ? "pending" : "updated"),
        line.message ?? null,
      );
    }
    return id;
  });
  return write();
}

/** Puts a submission in the attention queue, as completeSubmission would (createdAt copied from the submission). */
export function enqueueAttention(conn: Database.Database, submissionId: number): void {
  conn
    .prepare("INSERT INTO AttentionItem (submissionId, createdAt) SELECT id, createdAt FROM Submission WHERE id = ?")
    .run(submissionId);
}

export function insertResolution(
  conn: Database.Database,
  submissionId: number,
  kind = "manual",
  note = "seeded",
): void {
  conn
    .prepare("INSERT INTO Resolution (submissionId, kind, note, createdAt) VALUES (?, ?, ?, ?)")
    .run(submissionId, kind, note, Date.now());
}

/**
 * Empties every audit table (children first, resubmit links cut first; the FTS index follows through the
 * delete trigger).
 */
export function clearAuditTables(conn: Database.Database): void {
  conn.transaction(() => {
    conn.exec(
      "DELETE FROM Resolution; DELETE FROM AttentionItem; DELETE FROM SubmissionLineItem; UPDATE Submission SET resubmitOfId = NULL WHERE resubmitOfId IS NOT NULL; DELETE FROM Submission;",
    );
  })();
}

export function setCreatedAt(conn: Database.Database, id: number, createdAt: number): void {
  conn.prepare("UPDATE Submission SET createdAt = ? WHERE id = ?").run(createdAt, id);
}

export function submissionRow(conn: Database.Database, id: number): SubmissionRow | undefined {
  return conn.prepare("SELECT * FROM Submission WHERE id = ?").get(id) as SubmissionRow | undefined;
}

export function lineRows(conn: Database.Database, id: number): LineRow[] {
  return conn.prepare("SELECT * FROM SubmissionLineItem WHERE submissionId = ? ORDER BY position").all(id) as LineRow[];
}

export function resolutionRows(conn: Database.Database): ResolutionRow[] {
  return conn.prepare("SELECT * FROM Resolution ORDER BY submissionId").all() as ResolutionRow[];
}

/** The attention queue as stored: submission ids, newest first. */
export function queueRows(conn: Database.Database): { submissionId: number; createdAt: number }[] {
  return conn
    .prepare("SELECT submissionId, createdAt FROM AttentionItem ORDER BY createdAt DESC, submissionId DESC")
    .all() as {
    submissionId: number;
    createdAt: number;
  }[];
}
