import "server-only";
import { INTERRUPTED_LINE_MESSAGE, INTERRUPTED_MESSAGE } from "@/lib/messages";
import type { Interpretation } from "@/lib/spectrum/interpret";
import type { LineOutcome, SubmissionKind } from "@/lib/spectrum/types";
import {
  lineRowMapper,
  submissionRowMapper,
  type ChainLink,
  type RecentSubmissionDto,
  type SubmissionDetail,
  type SubmissionDto,
} from "@/lib/submission-model";
import { queueAfterInterrupted, queueAfterOutcome } from "./attention";
import { chainMembers, chainSelect } from "./chain";
import { dbReady, prisma, withDatabase } from "./client";

/** What recovery writes on a submission it marks interrupted. */
export { INTERRUPTED_MESSAGE };

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

/**
 * Write-ahead: records the submission and its line items as "pending" before Spectrum is called.
 * Returns null when the idempotency key was already used (the caller then replays the first result).
 */
export async function createPendingSubmission(input: NewSubmission): Promise<{ id: number; createdAt: string } | null> {
  try {
    const row = await withDatabase("writing the submission", () =>
      prisma.$transaction(async (tx) => {
        const created = await tx.submission.create({
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
          select: { id: true, createdAt: true, lineItems: { select: { id: true, position: true } } },
        });
        // One row per serial number, for the history's serial filter (its index), with the line items.
        const serials = created.lineItems.flatMap(({ id: lineItemId, position }) =>
          (input.lineItems[position]?.serialNumbers ?? []).map((serialNumber) => ({
            lineItemId,
            submissionId: created.id,
            serialNumber,
          })),
        );
        if (serials.length > 0) await tx.submissionLineSerial.createMany({ data: serials });
        return created;
      }),
    );
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
 * In the same transaction the attention queue follows its rules (queueAfterOutcome).
 */
export async function completeSubmission(
  id: number,
  result: Interpretation,
  response: { bodyText: string | null; truncated: boolean; durationMs: number },
  completedAt = new Date(),
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
  await withDatabase("recording Spectrum's answer", () =>
    prisma.$transaction(async (tx) => {
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
          completedAt,
        },
      });
      if (updated.count !== 1) throw new SubmissionNotPendingError(id);
      for (const group of groups.values()) {
        await tx.submissionLineItem.updateMany({
          where: { submissionId: id, position: { in: group.positions } },
          data: { outcome: group.outcome, message: group.message },
        });
      }
      const row = await tx.submission.findUniqueOrThrow({
        where: { id },
        select: { createdAt: true, resubmitOfId: true },
      });
      await queueAfterOutcome(tx, { id, state: result.state, ...row });
    }),
  );
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

const submissionSelect = { ...summarySelect, resubmitOfId: true, idempotencyKey: true, requestHash: true } as const;

const detailSelect = {
  baseUrl: true,
  requestBody: true,
  responseBody: true,
  responseTruncated: true,
  operatorName: true,
  operatorEmail: true,
} as const;

const toSummary = submissionRowMapper(summarySelect);
const toSubmission = submissionRowMapper(submissionSelect);
const toDetail = submissionRowMapper(detailSelect);
const toChainLink = submissionRowMapper(chainSelect);
const toLine = lineRowMapper(lineSelect);

/** A submission with its line items, or null. */
export async function getSubmission(where: { id: number } | { idempotencyKey: string }): Promise<SubmissionDto | null> {
  const row = await withDatabase("reading a submission", () =>
    prisma.submission.findUnique({
      where,
      select: { ...submissionSelect, lineItems: { select: lineSelect, orderBy: { position: "asc" } } },
    }),
  );
  if (!row) return null;
  const { lineItems, ...columns } = row;
  return { ...toSubmission(columns), lines: lineItems.map(toLine) };
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

/**
 * Marks submissions left pending by a crash (older than `olderThanMs`) as interrupted, with their line items
 * unknown, and puts them in the attention queue. `except` are submissions whose answer is known but not yet in
 * the database (the outcome journal): they stay pending. Each row moves only from pending, in its own
 * transaction, so several server processes can run this at once. Returns how many this call marked.
 */
export async function recoverInterruptedSubmissions(
  olderThanMs: number,
  except: readonly number[] = [],
): Promise<number> {
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
          data: { outcome: "unknown", message: INTERRUPTED_LINE_MESSAGE },
        });
        await queueAfterInterrupted(tx, s);
        return true;
      }),
    );
    if (changed) marked++;
  }
  return marked;
}

/** Everything recorded about one submission, for the detail page. */
export async function getSubmissionDetail(id: number): Promise<SubmissionDetail | null> {
  const base = await getSubmission({ id });
  if (!base) return null;
  const extra = await prisma.submission.findUniqueOrThrow({
    where: { id },
    select: {
      ...detailSelect,
      attention: { select: { submissionId: true } },
      resolution: {
        select: {
          kind: true,
          note: true,
          resolvedBySubmissionId: true,
          operatorName: true,
          operatorEmail: true,
          createdAt: true,
        },
      },
    },
  });
  const { attention, resolution, ...columns } = extra;
  return {
    ...base,
    ...toDetail(columns),
    needsAttention: attention !== null,
    resolution: resolution ? { ...resolution, createdAt: resolution.createdAt.toISOString() } : null,
    chain: await getChain(id, base.resubmitOfId),
  };
}

async function getChain(id: number, resubmitOfId: number | null): Promise<ChainLink[]> {
  const links = await chainMembers(prisma, id, resubmitOfId);
  return links.map(toChainLink).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}
