import "server-only";
import type { SubmissionKind } from "@/lib/spectrum/types";
import type { BatchState } from "@/lib/bulk/model";
import { prisma, withDatabase } from "./client";

/** What the bulk pages list of batches, and which batch a submission was sent in. */

export const BATCH_PAGE_SIZE = 20;

export interface BatchSummary {
  id: number;
  kind: SubmissionKind;
  environment: string;
  operatorName: string;
  operatorEmail: string;
  sourceName: string | null;
  rowCount: number;
  itemCount: number;
  state: BatchState;
  createdAt: string;
}

export interface BatchListPage {
  batches: BatchSummary[];
  /** the `before` cursor of the next older page, or null when there is none */
  older: number | null;
  /** the `after` cursor of the next newer page, or null when this is the newest */
  newer: number | null;
}

const summarySelect = {
  id: true,
  kind: true,
  environment: true,
  operatorName: true,
  operatorEmail: true,
  sourceName: true,
  rowCount: true,
  itemCount: true,
  state: true,
  createdAt: true,
} as const;

/**
 * One page of batches, newest first, by id (a batch's id grows with its creation): `before` gives the page older
 * than that id, `after` the page newer than it. No OFFSET: a batch created meanwhile never shifts a page.
 */
export async function listBatchPage(
  cursor: { before?: number; after?: number } = {},
  limit = BATCH_PAGE_SIZE,
): Promise<BatchListPage> {
  // `before` wins when both are given.
  const after = cursor.before === undefined ? cursor.after : undefined;
  const rows = await withDatabase("listing batches", async () => {
    if (after !== undefined) {
      // The page just newer than `after`: read upwards, then show newest first.
      const up = await prisma.batch.findMany({
        where: { id: { gt: after } },
        orderBy: { id: "asc" },
        take: limit + 1,
        select: summarySelect,
      });
      return { list: up.slice(0, limit).reverse(), moreNewer: up.length > limit, moreOlder: null };
    }
    const down = await prisma.batch.findMany({
      where: cursor.before !== undefined ? { id: { lt: cursor.before } } : undefined,
      orderBy: { id: "desc" },
      take: limit + 1,
      select: summarySelect,
    });
    return { list: down.slice(0, limit), moreNewer: null, moreOlder: down.length > limit };
  });
  const batches = rows.list.map((row) => ({
    ...row,
    kind: row.kind as SubmissionKind,
    state: row.state as BatchState,
    createdAt: row.createdAt.toISOString(),
  }));
  const first = batches[0]?.id;
  const last = batches.at(-1)?.id;
  let older: number | null = null;
  let newer: number | null = null;
  if (after !== undefined) {
    newer = rows.moreNewer && first !== undefined ? first : null;
    // The batches up to `after` are older than this page (the cursor came from one of them).
    older = last ?? null;
  } else {
    older = rows.moreOlder && last !== undefined ? last : null;
    newer = cursor.before !== undefined && first !== undefined ? first : null;
  }
  return { batches, older, newer };
}

/**
 * The batch a submission was sent in, or null: the item whose idempotency key is the submission's, or whose
 * recorded submission it is (a PO sent again after a 403 goes under a key derived from the item's); not the earlier
 * send a skipped item records, which was not sent in the batch.
 */
export async function batchOfSubmission(submission: { id: number; idempotencyKey: string }): Promise<number | null> {
  const item = await withDatabase("finding a submission's batch", () =>
    prisma.batchItem.findFirst({
      where: {
        OR: [{ idempotencyKey: submission.idempotencyKey }, { submissionId: submission.id, state: { not: "skipped" } }],
      },
      select: { batchId: true },
    }),
  );
  return item?.batchId ?? null;
}
