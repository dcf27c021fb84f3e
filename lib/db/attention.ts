import "server-only";
import { appendToChain } from "@/lib/audit-chain/chain";
import type { Prisma } from "@/generated/prisma/client";
import { resubmittedNote } from "@/lib/messages";
import type { AttentionFilters } from "@/lib/schemas/attention";
import { ATTENTION_STATES, type SubmissionState } from "@/lib/spectrum/types";
import { submissionRowMapper, type AttentionRow } from "@/lib/submission-model";
import { chainMembers } from "./chain";
import { dbReady, prisma, withDatabase } from "./client";

const attentionSelect = {
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
} as const;
const toAttentionColumns = submissionRowMapper(attentionSelect);

/** Size of the open "Needs attention" queue (for the navigation badge). */
export async function countAttention(): Promise<number> {
  await dbReady();
  // Plain SQL: asked after every send, and a model count costs Prisma a query compilation.
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS "n" FROM "AttentionItem"`;
  return Number(row?.n ?? 0);
}

/** The open queue, newest first (or oldest first), optionally of one kind or outcome. */
export async function listAttention(limit = 200, filters: AttentionFilters = {}): Promise<AttentionRow[]> {
  await dbReady();
  const order = filters.sort === "oldest" ? "asc" : "desc";
  const items = await prisma.attentionItem.findMany({
    // The queue is small (what nobody has dealt with yet): filtering through the submission is cheap.
    where:
      filters.kind || filters.outcome
        ? {
            submission: {
              ...(filters.kind && { kind: filters.kind }),
              ...(filters.outcome && { state: filters.outcome }),
            },
          }
        : undefined,
    orderBy: [{ createdAt: order }, { submissionId: order }],
    take: limit,
    select: {
      submission: {
        select: {
          ...attentionSelect,
          lineItems: {
            where: { outcome: "not_found" },
            select: { recipeSetReadableId: true },
            orderBy: { position: "asc" },
          },
        },
      },
    },
  });
  return items.map(({ submission: { lineItems, ...columns } }) => ({
    ...toAttentionColumns(columns),
    notFoundIds: lineItems.map((l) => l.recipeSetReadableId),
  }));
}

// ── The queue's rules ───────────────────────────────────────────────────────────────────────────────────────
// Called inside the transaction that records an outcome, so the queue never disagrees with the log.
// scripts/seed.ts writes the same queue without the app; tests/queue-rules.test.ts keeps the two in step.

const needsAttention = (state: string) => (ATTENTION_STATES as readonly string[]).includes(state);

/**
 * The queue once a submission's outcome is recorded: a failed, rejected, unknown or interrupted submission enters
 * it; a resubmit takes its original out (a chain is represented by its latest attempt); a successful resubmit
 * resolves every earlier attempt of its chain that needed attention and is not resolved yet, and takes them out.
 */
export async function queueAfterOutcome(
  tx: Prisma.TransactionClient,
  submission: { id: number; state: SubmissionState; createdAt: Date; resubmitOfId: number | null },
): Promise<number[]> {
  const { id, state, createdAt, resubmitOfId } = submission;
  if (needsAttention(state)) await tx.attentionItem.create({ data: { submissionId: id, createdAt } });
  if (resubmitOfId === null) return [];
  await tx.attentionItem.deleteMany({ where: { submissionId: resubmitOfId } });
  if (state !== "succeeded") return [];
  const earlier = (await chainMembers(tx, id, resubmitOfId)).filter((m) => m.id !== id && needsAttention(m.state));
  const unresolved = await tx.submission.findMany({
    where: { id: { in: earlier.map((m) => m.id) }, resolution: null },
    select: { id: true },
  });
  const resolutions: number[] = [];
  for (const { id: submissionId } of unresolved) {
    const created = await tx.resolution.create({
      data: {
        submissionId,
        kind: "resubmitted",
        note: resubmittedNote(id),
        resolvedBySubmissionId: id,
        createdAt: new Date(),
      },
      select: { id: true },
    });
    resolutions.push(created.id);
  }
  await tx.attentionItem.deleteMany({ where: { submissionId: { in: unresolved.map((u) => u.id) } } });
  return resolutions;
}

/** The queue once a submission left pending by a crash is marked interrupted: as for any other outcome. */
export function queueAfterInterrupted(
  tx: Prisma.TransactionClient,
  submission: { id: number; createdAt: Date; resubmitOfId: number | null },
): Promise<number[]> {
  return queueAfterOutcome(tx, { ...submission, state: "interrupted" });
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
export async function resolveSubmission(input: {
  submissionId: number;
  note: string;
  operator?: Operator;
}): Promise<void> {
  await withDatabase("resolving a submission", () =>
    prisma.$transaction(async (tx) => {
      const removed = await tx.attentionItem.deleteMany({ where: { submissionId: input.submissionId } });
      if (removed.count !== 1)
        throw new NotInQueueError(`Submission #${input.submissionId} is not waiting for attention`);
      const created = await tx.resolution.create({
        data: {
          submissionId: input.submissionId,
          kind: "manual",
          note: input.note,
          operatorId: input.operator?.id ?? null,
          operatorName: input.operator?.name ?? null,
          operatorEmail: input.operator?.email ?? null,
          createdAt: new Date(),
        },
        select: { id: true },
      });
      await appendToChain(tx, [{ type: "resolution", id: created.id }]);
    }),
  );
}

/**
 * "Mark resolved" for several submissions at once, with one note: for each one still in the queue, a manual
 * Resolution with the operator, and it leaves the queue, all in one transaction. Submissions no longer waiting
 * (resolved or resubmitted meanwhile, or never in the queue) are left alone and returned as skipped.
 */
export async function resolveSubmissions(input: {
  submissionIds: number[];
  note: string;
  operator?: Operator;
}): Promise<{ resolved: number[]; skipped: number[] }> {
  // In ascending order, so that two overlapping bulk resolutions lock their rows in the same order (PostgreSQL
  // locks rows, and two transactions taking them in opposite orders deadlock; SQLite has one writer at a time).
  const ids = [...new Set(input.submissionIds)].sort((a, b) => a - b);
  return withDatabase("resolving submissions", () =>
    prisma.$transaction(async (tx) => {
      const resolved: number[] = [];
      const skipped: number[] = [];
      const sealed: number[] = [];
      const createdAt = new Date();
      for (const submissionId of ids) {
        const removed = await tx.attentionItem.deleteMany({ where: { submissionId } });
        if (removed.count !== 1) {
          skipped.push(submissionId);
          continue;
        }
        const created = await tx.resolution.create({
          data: {
            submissionId,
            kind: "manual",
            note: input.note,
            operatorId: input.operator?.id ?? null,
            operatorName: input.operator?.name ?? null,
            operatorEmail: input.operator?.email ?? null,
            createdAt,
          },
          select: { id: true },
        });
        sealed.push(created.id);
        resolved.push(submissionId);
      }
      // Sealed last, all at once: the chain head is taken after every other row lock of this transaction.
      await appendToChain(
        tx,
        sealed.map((id) => ({ type: "resolution" as const, id })),
      );
      return { resolved, skipped };
    }),
  );
}
