import "server-only";
import type { Interpretation } from "@/lib/spectrum/interpret";
import { ATTENTION_STATES, type LineOutcome, type SubmissionKind, type SubmissionState } from "@/lib/spectrum/types";
import type { Prisma } from "@/generated/prisma/client";
import { dbReady, prisma, withDatabase } from "./client";

/** Raw response text kept in the audit log at most. */
export const MAX_STORED_RESPONSE_CHARS = 16 * 1024;

export interface PendingLineItem {
  recipeSetReadableId: string;
  shipmentTracking?: string;
  serialNumbers?: string[];
  workflowStatus?: string;
}

export interface NewSubmission {
  kind: SubmissionKind;
  environment: string;
  baseUrl: string;
  purchaseOrderNumber: string;
  requestBody: string;
  requestHash: string;
  idempotencyKey: string;
  lineItems: PendingLineItem[];
  /** the submission this one resubmits */
  resubmitOfId?: number;
  /** who sent it; name and email are kept as a snapshot */
  operator?: { id: string; name: string; email: string };
}

export interface SubmissionLineDto {
  position: number;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  serialNumbers: string[];
  workflowStatus: string | null;
  outcome: LineOutcome;
  message: string | null;
}

export interface SubmissionDto {
  id: number;
  kind: SubmissionKind;
  environment: string;
  purchaseOrderNumber: string;
  idempotencyKey: string;
  requestHash: string;
  state: SubmissionState;
  lineCount: number;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  message: string | null;
  durationMs: number | null;
  createdAt: string;
  completedAt: string | null;
  resubmitOfId: number | null;
  lines: SubmissionLineDto[];
}

export type RecentSubmissionDto = Omit<SubmissionDto, "lines" | "idempotencyKey" | "requestHash" | "resubmitOfId">;

/**
 * Write-ahead: records the submission and its line items as "pending" before Spectrum is called.
 * Returns null when the idempotency key was already used (the caller then replays the first result).
 */
export async function createPendingSubmission(input: NewSubmission): Promise<{ id: number; createdAt: string } | null> {
  try {
    const row = await withDatabase("writing the submission", () => prisma.submission.create({
      data: {
        kind: input.kind,
        environment: input.environment,
        baseUrl: input.baseUrl,
        purchaseOrderNumber: input.purchaseOrderNumber,
        requestBody: input.requestBody,
        requestHash: input.requestHash,
        idempotencyKey: input.idempotencyKey,
        resubmitOfId: input.resubmitOfId ?? null,
        operatorId: input.operator?.id ?? null,
        operatorName: input.operator?.name ?? null,
        operatorEmail: input.operator?.email ?? null,
        state: "pending",
        lineCount: input.lineItems.length,
        createdAt: new Date(),
        lineItems: {
          create: input.lineItems.map((line, position) => ({
            position,
            recipeSetReadableId: line.recipeSetReadableId,
            shipmentTracking: line.shipmentTracking ?? null,
            serialNumbers: line.serialNumbers ? JSON.stringify(line.serialNumbers) : null,
            workflowStatus: line.workflowStatus ?? null,
            outcome: "pending",
          })),
        },
      },
      select: { id: true, createdAt: true },
    }));
    return { id: row.id, createdAt: row.createdAt.toISOString() };
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Cuts text to `max` UTF-16 units without splitting a surrogate pair (half of one is not storable text). */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * Records Spectrum's answer (or its absence) and every line item's outcome, in one transaction.
 * Only a pending submission is completed: an outcome, once recorded, is never rewritten.
 * In the same transaction the attention queue follows: a failed, rejected or unknown outcome enters it;
 * a resubmit takes its original out of it, and a successful resubmit resolves every earlier attempt.
 */
export async function completeSubmission(
  id: number,
  result: Interpretation,
  response: { bodyText: string | null; truncated: boolean; durationMs: number },
): Promise<void> {
  const body = response.bodyText;
  const stored = body === null ? null : capText(body, MAX_STORED_RESPONSE_CHARS);
  const groups = new Map<string, { outcome: LineOutcome; message: string; positions: number[] }>();
  result.lines.forEach((line, position) => {
    const key = `${line.outcome}\u0000${line.message}`;
    const group = groups.get(key) ?? { ...line, positions: [] };
    group.positions.push(position);
    groups.set(key, group);
  });
  await withDatabase("recording Spectrum's answer", () => prisma.$transaction(async (tx) => {
    const updated = await tx.submission.updateMany({
      where: { id, state: "pending" },
      data: {
        state: result.state,
        httpStatus: result.httpStatus,
        spectrumStatus: result.spectrumStatus,
        spectrumDetails: result.spectrumDetails,
        responseBody: stored,
        responseTruncated: response.truncated || stored !== body,
        message: result.message,
        durationMs: response.durationMs,
        completedAt: new Date(),
      },
    });
    if (updated.count !== 1) throw new SubmissionNotPendingError(id);
    for (const group of groups.values()) {
      await tx.submissionLineItem.updateMany({
        where: { submissionId: id, position: { in: group.positions } },
        data: { outcome: group.outcome, message: group.message },
      });
    }
    const row = await tx.submission.findUniqueOrThrow({ where: { id }, select: { createdAt: true, resubmitOfId: true } });
    if ((ATTENTION_STATES as readonly string[]).includes(result.state)) {
      await tx.attentionItem.create({ data: { submissionId: id, createdAt: row.createdAt } });
    }
    if (row.resubmitOfId !== null) {
      await tx.attentionItem.deleteMany({ where: { submissionId: row.resubmitOfId } });
      if (result.state === "succeeded") {
        // Every earlier attempt in the chain that needed attention is resolved by this one.
        const others = (await chainMembers(tx, id, row.resubmitOfId)).filter(
          (m) => m.id !== id && (ATTENTION_STATES as readonly string[]).includes(m.state),
        );
        const unresolved = await tx.submission.findMany({
          where: { id: { in: others.map((m) => m.id) }, resolution: null },
          select: { id: true },
        });
        for (const { id: earlier } of unresolved) {
          await tx.resolution.create({
            data: {
              submissionId: earlier,
              kind: "resubmitted",
              note: `Resubmitted as #${id}, which succeeded.`,
              resolvedBySubmissionId: id,
              createdAt: new Date(),
            },
          });
        }
        await tx.attentionItem.deleteMany({ where: { submissionId: { in: unresolved.map((u) => u.id) } } });
      }
    }
  }));
}

/** The submission already has an outcome (recorded earlier, or marked interrupted): it is never rewritten. */
export class SubmissionNotPendingError extends Error {
  constructor(readonly submissionId: number) {
    super(`Submission ${submissionId} is no longer pending; its outcome was not rewritten`);
    this.name = "SubmissionNotPendingError";
  }
}

const lineSelect = {
  position: true,
  recipeSetReadableId: true,
  shipmentTracking: true,
  serialNumbers: true,
  workflowStatus: true,
  outcome: true,
  message: true,
} as const;

const summarySelect = {
  id: true,
  kind: true,
  environment: true,
  purchaseOrderNumber: true,
  state: true,
  lineCount: true,
  httpStatus: true,
  spectrumStatus: true,
  spectrumDetails: true,
  message: true,
  durationMs: true,
  createdAt: true,
  completedAt: true,
} as const;

const detailSelect = { ...summarySelect, resubmitOfId: true } as const;

type SummaryRow = {
  id: number;
  kind: string;
  environment: string;
  purchaseOrderNumber: string;
  state: string;
  lineCount: number;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  message: string | null;
  durationMs: number | null;
  createdAt: Date;
  completedAt: Date | null;
};

function toSummary(row: SummaryRow): RecentSubmissionDto {
  return {
    ...row,
    kind: row.kind as SubmissionKind,
    state: row.state as SubmissionState,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** A submission with its line items, or null. */
export async function getSubmission(where: { id: number } | { idempotencyKey: string }): Promise<SubmissionDto | null> {
  const row = await withDatabase("reading a submission", () => prisma.submission.findUnique({
    where,
    select: {
      ...detailSelect,
      idempotencyKey: true,
      requestHash: true,
      lineItems: { select: lineSelect, orderBy: { position: "asc" } },
    },
  }));
  if (!row) return null;
  const { lineItems, idempotencyKey, requestHash, resubmitOfId, ...summary } = row;
  return {
    ...toSummary(summary),
    idempotencyKey,
    requestHash,
    resubmitOfId,
    lines: lineItems.map((line) => ({
      ...line,
      outcome: line.outcome as LineOutcome,
      serialNumbers: line.serialNumbers ? (JSON.parse(line.serialNumbers) as string[]) : [],
    })),
  };
}

/** The newest submissions, for the home page. */
export async function listRecentSubmissions(limit = 20): Promise<RecentSubmissionDto[]> {
  await dbReady();
  const rows = await prisma.submission.findMany({
    select: summarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map(toSummary);
}

export const INTERRUPTED_MESSAGE =
  "Interrupted — outcome unknown: the dashboard stopped before Spectrum's answer was recorded. Check the order in Spectrum before resending.";

/**
 * Marks submissions left pending by a crash (older than `olderThanMs`) as interrupted, with their line items
 * unknown, and puts them in the attention queue. `except` are submissions whose answer is known but not yet in
 * the database (the outcome journal): they stay pending. Each row moves only from pending, in its own
 * transaction, so several server processes can run this at once. Returns how many this call marked.
 */
export async function recoverInterruptedSubmissions(olderThanMs: number, except: readonly number[] = []): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await withDatabase("finding interrupted submissions", () =>
    prisma.submission.findMany({
      where: { state: "pending", createdAt: { lt: cutoff }, id: { notIn: [...except] } },
      select: { id: true, createdAt: true, resubmitOfId: true },
      orderBy: { id: "asc" },
    }),
  );
  let marked = 0;
  for (const s of stale) {
    const changed = await withDatabase("marking a submission interrupted", () =>
      prisma.$transaction(async (tx) => {
        const { count } = await tx.submission.updateMany({
          where: { id: s.id, state: "pending" },
          data: { state: "interrupted", message: INTERRUPTED_MESSAGE, completedAt: new Date() },
        });
        if (count !== 1) return false; // another process recorded it first
        await tx.submissionLineItem.updateMany({
          where: { submissionId: s.id, outcome: "pending" },
          data: { outcome: "unknown", message: "Outcome unknown: interrupted before Spectrum's answer was recorded" },
        });
        // As with any other outcome of a resubmit, the chain is now represented by its latest attempt.
        if (s.resubmitOfId !== null) await tx.attentionItem.deleteMany({ where: { submissionId: s.resubmitOfId } });
        await tx.attentionItem.create({ data: { submissionId: s.id, createdAt: s.createdAt } });
        return true;
      }),
    );
    if (changed) marked++;
  }
  return marked;
}

export interface ChainLink {
  id: number;
  state: SubmissionState;
  createdAt: string;
  resubmitOfId: number | null;
}

export interface SubmissionDetail extends SubmissionDto {
  baseUrl: string;
  requestBody: string;
  responseBody: string | null;
  responseTruncated: boolean;
  operatorName: string | null;
  operatorEmail: string | null;
  needsAttention: boolean;
  resolution: {
    kind: string;
    note: string;
    resolvedBySubmissionId: number | null;
    operatorName: string | null;
    operatorEmail: string | null;
    createdAt: string;
  } | null;
  /** every attempt in this submission's chain (original → resubmits), oldest first */
  chain: ChainLink[];
}

const MAX_CHAIN = 100;

/** Everything recorded about one submission, for the detail page. */
export async function getSubmissionDetail(id: number): Promise<SubmissionDetail | null> {
  const base = await getSubmission({ id });
  if (!base) return null;
  const extra = await prisma.submission.findUniqueOrThrow({
    where: { id },
    select: {
      baseUrl: true,
      requestBody: true,
      responseBody: true,
      responseTruncated: true,
      operatorName: true,
      operatorEmail: true,
      attention: { select: { submissionId: true } },
      resolution: {
        select: { kind: true, note: true, resolvedBySubmissionId: true, operatorName: true, operatorEmail: true, createdAt: true },
      },
    },
  });
  const { attention, resolution, ...rest } = extra;
  return {
    ...base,
    ...rest,
    needsAttention: attention !== null,
    resolution: resolution ? { ...resolution, createdAt: resolution.createdAt.toISOString() } : null,
    chain: await getChain(id, base.resubmitOfId),
  };
}

async function getChain(id: number, resubmitOfId: number | null): Promise<ChainLink[]> {
  const links = await chainMembers(prisma, id, resubmitOfId);
  return links
    .map((l) => ({ ...l, state: l.state as SubmissionState, createdAt: l.createdAt.toISOString() }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

/** Every attempt in a chain: up to the original, then every resubmit below it (bounded). */
async function chainMembers(db: Prisma.TransactionClient, id: number, resubmitOfId: number | null) {
  const select = { id: true, state: true, createdAt: true, resubmitOfId: true } as const;
  let root = id;
  let parent = resubmitOfId;
  for (let i = 0; parent !== null && i < MAX_CHAIN; i++) {
    root = parent;
    const row: { resubmitOfId: number | null } | null = await db.submission.findUnique({
      where: { id: parent },
      select: { resubmitOfId: true },
    });
    parent = row?.resubmitOfId ?? null;
  }
  const links = await db.submission.findMany({ where: { id: root }, select });
  let frontier = [root];
  while (frontier.length > 0 && links.length < MAX_CHAIN) {
    const children = await db.submission.findMany({ where: { resubmitOfId: { in: frontier } }, select, take: MAX_CHAIN });
    links.push(...children);
    frontier = children.map((c) => c.id);
  }
  return links;
}
