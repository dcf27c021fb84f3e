import "server-only";
import type { SpectrumBody } from "@/lib/spectrum/kinds";
import type { SubmissionKind } from "@/lib/spectrum/types";
import type { BatchDto, BatchItemDto, BatchItemState, BatchRow, BatchState } from "@/lib/bulk/model";
import { prisma, withDatabase } from "./client";

/** Batches of the bulk send (/bulk): created by its action, worked through by lib/bulk/runner.ts. */

export interface NewBatch {
  kind: SubmissionKind;
  environment: string;
  operator: { id: string; name: string; email: string };
  sourceName: string | null;
  rowCount: number;
  columns: string[];
  includeAlreadySent: boolean;
  items: {
    purchaseOrderNumber: string;
    rows: BatchRow[];
    body: SpectrumBody | null;
    /** set for a blocked purchase order: stored, never sent */
    blocked: string | null;
    idempotencyKey: string;
  }[];
}

export async function createBatch(input: NewBatch): Promise<number> {
  return withDatabase("creating a batch", async () => {
    const batch = await prisma.batch.create({
      data: {
        kind: input.kind,
        environment: input.environment,
        operatorId: input.operator.id,
        operatorName: input.operator.name,
        operatorEmail: input.operator.email,
        sourceName: input.sourceName,
        rowCount: input.rowCount,
        itemCount: input.items.length,
        columns: JSON.stringify(input.columns),
        includeAlreadySent: input.includeAlreadySent,
        state: input.items.some((i) => !i.blocked) ? "running" : "done",
        items: {
          create: input.items.map((item, position) => ({
            position,
            purchaseOrderNumber: item.purchaseOrderNumber,
            rows: JSON.stringify({ rows: item.rows, body: item.body }),
            state: item.blocked ? "blocked" : "queued",
            message: item.blocked,
            idempotencyKey: item.idempotencyKey,
          })),
        },
      },
      select: { id: true },
    });
    return batch.id;
  });
}

type ItemRow = {
  id: number;
  position: number;
  purchaseOrderNumber: string;
  rows: string;
  state: string;
  message: string | null;
  submissionId: number | null;
  idempotencyKey: string;
};

function toItem(row: ItemRow): BatchItemDto & { body: SpectrumBody | null; idempotencyKey: string } {
  const stored = JSON.parse(row.rows) as { rows: BatchRow[]; body: SpectrumBody | null };
  return {
    id: row.id,
    position: row.position,
    purchaseOrderNumber: row.purchaseOrderNumber,
    rows: stored.rows,
    body: stored.body,
    state: row.state as BatchItemState,
    message: row.message,
    submissionId: row.submissionId,
    idempotencyKey: row.idempotencyKey,
  };
}

const batchSelect = {
  id: true,
  kind: true,
  environment: true,
  operatorName: true,
  operatorEmail: true,
  sourceName: true,
  rowCount: true,
  itemCount: true,
  columns: true,
  includeAlreadySent: true,
  state: true,
  stateMessage: true,
  createdAt: true,
  updatedAt: true,
} as const;

type BatchColumns = {
  id: number;
  kind: string;
  environment: string;
  operatorName: string;
  operatorEmail: string;
  sourceName: string | null;
  rowCount: number;
  itemCount: number;
  columns: string;
  includeAlreadySent: boolean;
  state: string;
  stateMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
};

function toBatch(row: BatchColumns): Omit<BatchDto, "items"> {
  return {
    ...row,
    kind: row.kind as SubmissionKind,
    state: row.state as BatchState,
    columns: JSON.parse(row.columns) as string[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A batch with every item (rows included), or null. */
export async function getBatch(id: number): Promise<BatchDto | null> {
  const row = await withDatabase("reading a batch", () =>
    prisma.batch.findUnique({
      where: { id },
      select: { ...batchSelect, items: { orderBy: { position: "asc" } } },
    }),
  );
  if (!row) return null;
  const { items, ...batch } = row;
  return {
    ...toBatch(batch),
    items: items.map((item) => {
      const { body: _body, idempotencyKey: _key, ...dto } = toItem(item);
      return dto;
    }),
  };
}

/** The newest batches, for /bulk. */
export async function listBatches(limit = 20): Promise<Omit<BatchDto, "items">[]> {
  const rows = await withDatabase("listing batches", () =>
    prisma.batch.findMany({ orderBy: { id: "desc" }, take: limit, select: batchSelect }),
  );
  return rows.map(toBatch);
}

/** Moves a batch between states; only from the states given (an atomic conditional update). */
export async function setBatchState(
  id: number,
  from: readonly BatchState[],
  to: BatchState,
  message: string | null = null,
): Promise<boolean> {
  const { count } = await withDatabase("changing a batch's state", () =>
    prisma.batch.updateMany({ where: { id, state: { in: [...from] } }, data: { state: to, stateMessage: message } }),
  );
  return count === 1;
}

/** Cancels what has not been sent of a batch; nothing sent is undone. */
export async function cancelBatch(id: number): Promise<boolean> {
  return withDatabase("cancelling a batch", () =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.batch.updateMany({
        where: { id, state: { in: ["running", "paused"] } },
        data: { state: "cancelled", stateMessage: null },
      });
      if (count === 0) return false;
      await tx.batchItem.updateMany({
        where: { batchId: id, state: "queued" },
        data: { state: "cancelled", message: "Cancelled before it was sent." },
      });
      return true;
    }),
  );
}

/** The running batches, oldest first: what the runner works on. */
export async function runningBatchIds(): Promise<number[]> {
  const rows = await withDatabase("listing running batches", () =>
    prisma.batch.findMany({ where: { state: "running" }, orderBy: { id: "asc" }, select: { id: true } }),
  );
  return rows.map((r) => r.id);
}

export async function batchRunInfo(id: number) {
  return withDatabase("reading a batch", () =>
    prisma.batch.findUnique({
      where: { id },
      select: {
        state: true,
        kind: true,
        includeAlreadySent: true,
        operatorId: true,
        operatorName: true,
        operatorEmail: true,
      },
    }),
  );
}

/**
 * Claims the batch's next item: an item left "sending" (by a process that stopped) first, else the next queued one,
 * moved to "sending" with a conditional update so that no two runners take the same item.
 */
export async function claimNextItem(batchId: number, staleAfterMs: number) {
  return withDatabase("claiming a batch item", async () => {
    const stale = new Date(Date.now() - staleAfterMs);
    const leftSending = await prisma.batchItem.findFirst({
      where: { batchId, state: "sending", updatedAt: { lt: stale } },
      orderBy: { position: "asc" },
    });
    if (leftSending) {
      // Taken over with a conditional update, so only one process resumes it.
      const { count } = await prisma.batchItem.updateMany({
        where: { id: leftSending.id, state: "sending", updatedAt: leftSending.updatedAt },
        data: { state: "sending" },
      });
      if (count === 1) return { item: toItem(leftSending), resumed: true };
      return { item: null, resumed: false };
    }
    const next = await prisma.batchItem.findFirst({
      where: { batchId, state: "queued" },
      orderBy: { position: "asc" },
    });
    if (!next) return null;
    const { count } = await prisma.batchItem.updateMany({
      where: { id: next.id, state: "queued" },
      data: { state: "sending" },
    });
    if (count === 0) return { item: null, resumed: false };
    return { item: toItem({ ...next, state: "sending" }), resumed: false };
  });
}

export async function finishItem(
  id: number,
  outcome: { state: BatchItemState; message: string | null; submissionId?: number | null },
): Promise<void> {
  await withDatabase("recording a batch item's outcome", () =>
    prisma.batchItem.updateMany({
      where: { id, state: "sending" },
      data: { state: outcome.state, message: outcome.message, submissionId: outcome.submissionId ?? null },
    }),
  );
}

/** Puts an item claimed but not sent back in the queue. */
export async function requeueItem(id: number): Promise<void> {
  await withDatabase("requeueing a batch item", () =>
    prisma.batchItem.updateMany({ where: { id, state: "sending" }, data: { state: "queued" } }),
  );
}

/** Marks a running batch done once no item is queued or sending. */
export async function finishBatchIfDone(id: number): Promise<boolean> {
  return withDatabase("finishing a batch", async () => {
    const open = await prisma.batchItem.count({ where: { batchId: id, state: { in: ["queued", "sending"] } } });
    if (open > 0) return false;
    await prisma.batch.updateMany({ where: { id, state: "running" }, data: { state: "done" } });
    return true;
  });
}
