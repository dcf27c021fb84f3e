import "server-only";
import { prisma, withDatabase } from "@/lib/db/client";
import { verifyChain, type VerifyReport } from "./verify";

export interface VerificationRun {
  id: number;
  source: string;
  operatorEmail: string | null;
  startedAt: Date;
  finishedAt: Date;
  result: string;
  fromSeq: number;
  throughSeq: number;
  throughHash: string;
  brokenSeq: number | null;
  detail: string | null;
}

/** Keeps a verification's outcome for the admin panel. */
export async function recordVerification(
  report: VerifyReport,
  source: "cli" | "admin",
  operatorEmail: string | null = null,
): Promise<VerificationRun> {
  const finishedAt = new Date();
  const broken = report.broken;
  return withDatabase("recording a verification of the audit chain", () =>
    prisma.auditVerification.create({
      data: {
        source,
        operatorEmail,
        startedAt: new Date(finishedAt.getTime() - report.durationMs),
        finishedAt,
        result: report.result,
        fromSeq: report.fromSeq,
        throughSeq: report.throughSeq,
        throughHash: report.throughHash,
        brokenSeq: broken ? broken.seq : null,
        detail: broken ? [broken.problem, broken.detail].filter(Boolean).join("\n") : null,
      },
    }),
  );
}

export async function lastVerification(): Promise<VerificationRun | null> {
  return prisma.auditVerification.findFirst({ orderBy: { id: "desc" } });
}

/** How long one admin run may verify before it stops and lets the next run continue. */
export const ADMIN_VERIFY_BUDGET_MS = 10_000;

/**
 * An admin's "Verify now": verifies for at most ADMIN_VERIFY_BUDGET_MS, a page at a time (the server keeps
 * answering between pages), continuing where the last run stopped when that one was partial. At most one at a
 * time per server process.
 */
let running: Promise<VerificationRun> | null = null;
export function runAdminVerification(operatorEmail: string | null): Promise<VerificationRun> {
  running ??= (async () => {
    try {
      const last = await lastVerification();
      const from = last?.result === "partial" ? { seq: last.throughSeq, hash: last.throughHash } : undefined;
      const report = await verifyChain({ from, deadline: Date.now() + ADMIN_VERIFY_BUDGET_MS, pageSize: 500 });
      return await recordVerification(report, "admin", operatorEmail);
    } finally {
      running = null;
    }
  })();
  return running;
}
