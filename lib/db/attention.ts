import "server-only";
import type { SubmissionKind, SubmissionState } from "@/lib/spectrum/types";
import { dbReady, prisma, withDatabase } from "./client";

export interface AttentionRow {
  id: number;
  kind: SubmissionKind;
  environment: string;
  purchaseOrderNumber: string;
  state: SubmissionState;
  lineCount: number;
  httpStatus: number | null;
  message: string | null;
  createdAt: string;
  resubmitOfId: number | null;
  /** recipe set IDs Spectrum could not find, to fix before resubmitting */
  notFoundIds: string[];
}

/** Size of the open "Needs attention" queue (for the navigation badge). */
export async function countAttention(): Promise<number> {
  await dbReady();
  return prisma.attentionItem.count();
}

/** The open queue, newest first. */
export async function listAttention(limit = 200): Promise<AttentionRow[]> {
  await dbReady();
  const items = await prisma.attentionItem.findMany({
    orderBy: [{ createdAt: "desc" }, { submissionId: "desc" }],
    take: limit,
    select: {
      submission: {
        select: {
          id: true,
          kind: true,
          environment: true,
          purchaseOrderNumber: true,
          state: true,
          lineCount: true,
          httpStatus: true,
          message: true,
          createdAt: true,
          resubmitOfId: true,
          lineItems: { where: { outcome: "not_found" }, select: { recipeSetReadableId: true }, orderBy: { position: "asc" } },
        },
      },
    },
  });
  return items.map(({ submission: { lineItems, ...s } }) => ({
    ...s,
    kind: s.kind as SubmissionKind,
    state: s.state as SubmissionState,
    createdAt: s.createdAt.toISOString(),
    notFoundIds: lineItems.map((l) => l.recipeSetReadableId),
  }));
}

export interface Operator {
  id: string | null;
  name: string | null;
  email: string | null;
}

export class NotInQueueError extends Error {}

/**
 * Marks a submission in the queue resolved, with the operator's note: a Resolution record beside the
 * submission (which itself is never edited), and the submission leaves the queue. One transaction.
 */
export async function resolveSubmission(input: { submissionId: number; note: string; operator?: Operator }): Promise<void> {
  await withDatabase("resolving a submission", () => prisma.$transaction(async (tx) => {
    const removed = await tx.attentionItem.deleteMany({ where: { submissionId: input.submissionId } });
    if (removed.count !== 1) throw new NotInQueueError(`Submission #${input.submissionId} is not waiting for attention`);
    await tx.resolution.create({
      data: {
        submissionId: input.submissionId,
        kind: "manual",
        note: input.note,
        operatorId: input.operator?.id ?? null,
        operatorName: input.operator?.name ?? null,
        operatorEmail: input.operator?.email ?? null,
        createdAt: new Date(),
      },
    });
  }));
}
