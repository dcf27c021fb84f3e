import "server-only";
import { prisma, withDatabase } from "@/lib/db/client";
import { lastVerification, type VerificationRun } from "./runs";

/** A verification as the admin panel shows it: plain, serialisable. */
export interface VerificationDto {
  /** "cli" (npm run audit:verify) or "admin" (Verify now) */
  source: string;
  operatorEmail: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  result: "verified" | "broken" | "partial";
  /** the entries this run checked: fromSeq < seq ≤ throughSeq */
  fromSeq: number;
  throughSeq: number;
  throughHash: string;
  brokenSeq: number | null;
  /** ChainBreak.problem: one sentence */
  problem: string | null;
  /** ChainBreak.detail: the evidence (hashes, the record as it is now) */
  evidence: string | null;
}

export interface AuditIntegrityDto {
  head: {
    /** the last entry's sequence number: the chain's length (0: empty) */
    seq: number;
    hash: string;
    /** when the last entry was sealed (null: empty chain) */
    movedAt: string | null;
    /** entries up to this were archived to a file; the chain in the database starts after it */
    archivedThroughSeq: number;
  };
  last: VerificationDto | null;
}

const RESULTS = ["verified", "broken", "partial"] as const;

export function toVerificationDto(run: VerificationRun): VerificationDto {
  // recordVerification stores "problem\ndetail".
  const [problem, ...evidence] = (run.detail ?? "").split("\n");
  return {
    source: run.source,
    operatorEmail: run.operatorEmail,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
    // An unknown result is never shown as a success.
    result: (RESULTS as readonly string[]).includes(run.result) ? (run.result as VerificationDto["result"]) : "broken",
    fromSeq: run.fromSeq,
    throughSeq: run.throughSeq,
    throughHash: run.throughHash,
    brokenSeq: run.brokenSeq,
    problem: problem || null,
    evidence: evidence.join("\n") || null,
  };
}

/** What Admin › Audit integrity shows: the chain's head and the last verification (either kind). */
export async function readAuditIntegrity(): Promise<AuditIntegrityDto> {
  return withDatabase("reading the audit chain's head", async () => {
    const head = await prisma.auditChainHead.findUnique({
      where: { id: 1 },
      select: { seq: true, hash: true, updatedAt: true, archivedThroughSeq: true },
    });
    if (!head) throw new Error("the audit chain has no head row: run npm run db:migrate");
    // The head row's updatedAt also moves when an append finds nothing to seal: the last entry says when it moved.
    const entry =
      head.seq > 0
        ? await prisma.auditEntry.findUnique({ where: { seq: head.seq }, select: { createdAt: true } })
        : null;
    const last = await lastVerification();
    return {
      head: {
        seq: head.seq,
        hash: head.hash,
        movedAt: head.seq > 0 ? (entry?.createdAt ?? head.updatedAt).toISOString() : null,
        archivedThroughSeq: head.archivedThroughSeq,
      },
      last: last ? toVerificationDto(last) : null,
    };
  });
}
