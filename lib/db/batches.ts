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

/** Moves a batch between states; only from the states given (an atomic conditional update). */
export async function setBatchState(
  id: number,
  from: readonly BatchState[],
  to: BatchState,
  message: string | null = null,
): Promise<boolean> {
  const { count } = await withDatabase("changing a batch's state", () =>
    prisma.batch.updateMany({
      where: { id, state: { in: [...from] } },
      data: { state: to, stateMessage: message, waitUntil: null },
    }),
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
        waitUntil: true,
      },
    }),
  );
}

/** Holds a running batch until `until` (after a 403), saying why on its page. */
export async function setBatchWait(id: number, until: Date | null, message: string | null): Promise<void> {
  await withDatabase("holding a batch", () =>
    prisma.batch.updateMany({ where: { id, state: "running" }, data: { waitUntil: until, stateMessage: message } }),
  );
}

type ClaimedItem = ReturnType<typeof toItem> & { attempt: number };

/**
 * Claims the batch's next item for this process (`owner`) with a lease of `leaseMs`, which the owner renews while
 * the item's call is in flight (renewLease). First an item whose lease ran out (its process stopped: `resumed`),
 * else the next queued one. Each is taken with a conditional update on what was read, so two processes never take
 * the same item: the loser reads the next one.
 */
export async function claimNextItem(
  batchId: number,
  owner: string,
  leaseMs: number,
): Promise<{ item: ClaimedItem; resumed: boolean } | null> {
  return withDatabase("claiming a batch item", async () => {
    for (;;) {
      const now = new Date();
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const lapsed = await prisma.batchItem.findFirst({
        where: { batchId, state: "sending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        orderBy: { position: "asc" },
      });
      if (lapsed) {
        const { count } = await prisma.batchItem.updateMany({
          where: { id: lapsed.id, state: "sending", leaseOwner: lapsed.leaseOwner, leaseUntil: lapsed.leaseUntil },
          data: { leaseOwner: owner, leaseUntil },
        });
        if (count === 1) return { item: { ...toItem(lapsed), attempt: lapsed.attempt }, resumed: true };
        continue;
      }
      const next = await prisma.batchItem.findFirst({
        where: { batchId, state: "queued" },
        orderBy: { position: "asc" },
      });
      if (!next) return null;
      const { count } = await prisma.batchItem.updateMany({
        where: { id: next.id, state: "queued" },
        data: { state: "sending", leaseOwner: owner, leaseUntil },
      });
      if (count === 1)
        return { item: { ...toItem({ ...next, state: "sending" }), attempt: next.attempt }, resumed: false };
    }
  });
}

/** Extends this process's lease on an item in flight; false when the lease was lost (taken over). */
export async function renewLease(id: number, owner: string, leaseMs: number): Promise<boolean> {
  const { count } = await withDatabase("renewing a batch item's lease", () =>
    prisma.batchItem.updateMany({
      where: { id, state: "sending", leaseOwner: owner },
      data: { leaseUntil: new Date(Date.now() + leaseMs) },
    }),
  );
  return count === 1;
}

/** Records an item's outcome, if this process still holds its lease. */
export async function finishItem(
  id: number,
  owner: string,
  outcome: { state: BatchItemState; message: string | null; submissionId?: number | null },
): Promise<boolean> {
  const { count } = await withDatabase("recording a batch item's outcome", () =>
    prisma.batchItem.updateMany({
      where: { id, state: "sending", leaseOwner: owner },
      data: {
        state: outcome.state,
        message: outcome.message,
        submissionId: outcome.submissionId ?? null,
        leaseOwner: null,
        leaseUntil: null,
      },
    }),
  );
  return count === 1;
}

/**
 * Puts an item this process claimed back in the queue: not sent (the rate budget or Spectrum's 403 wait), or to be
 * sent again under its next attempt's key after a 403 (`retry`: the 403's submission, which the next one resubmits).
 */
export async function requeueItem(
  id: number,
  owner: string,
  retry?: { attempt: number; submissionId: number; message: string },
): Promise<void> {
  await withDatabase("requeueing a batch item", () =>
    prisma.batchItem.updateMany({
      where: { id, state: "sending", leaseOwner: owner },
      data: {
        state: "queued",
        leaseOwner: null,
        leaseUntil: null,
        ...(retry ? { attempt: retry.attempt, submissionId: retry.submissionId, message: retry.message } : {}),
      },
    }),
  );
}

/**
 * Lets go of every item this process holds (at shutdown): their leases end now, so another process takes them
 * over at once and, finding what was written of each, never sends one twice.
 */
export async function releaseLeases(owner: string): Promise<number> {
  const { count } = await withDatabase("releasing batch leases", () =>
    prisma.batchItem.updateMany({
      where: { state: "sending", leaseOwner: owner },
      data: { leaseUntil: new Date(0) },
    }),
  );
  return count;
}

/** Marks a running batch done once no item is queued or sending. */
export async function finishBatchIfDone(id: number): Promise<boolean> {
  return withDatabase("finishing a batch", async () => {
    const open = await prisma.batchItem.count({ where: { batchId: id, state: { in: ["queued", "sending"] } } });
    if (open > 0) return false;
    await prisma.batch.updateMany({
      where: { id, state: "running" },
      data: { state: "done", waitUntil: null, stateMessage: null },
    });
    return true;
  });
}
