import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { INTERRUPTED_LINE_MESSAGE, INTERRUPTED_MESSAGE } from "@/lib/messages";
import type { LineWarning } from "@/lib/guard/warnings";
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
import { appendToChain } from "@/lib/audit-chain/chain";
import { queueAfterInterrupted, queueAfterOutcome } from "./attention";
import { chainMembers, chainSelect } from "./chain";
import { dbReady, isUniqueViolation, prisma, withDatabase } from "./client";

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
  /** the warnings the operator confirmed ("Send anyway"), recorded with the submission and the operator */
  confirmedWarnings?: readonly LineWarning[];
}

/**
 * Write-ahead: records the submission and its line items as "pending" before Spectrum is called.
 * Returns null when the idempotency key was already used (the caller then replays the first result).
 */
export async function createPendingSubmission(input: NewSubmission): Promise<{ id: number; createdAt: string } | null> {
  // The hot path of every send: a few plain SQL statements (through Prisma, in one transaction) instead of a
  // nested model write, which costs Prisma a query compilation each (about 1 ms of CPU a send). The SQL is
  // portable (quoted identifiers, RETURNING): SQLite 3.35+ and PostgreSQL.
  const createdAt = new Date();
  const operator = input.operator;
  try {
    const id = await withDatabase("writing the submission", () =>
      prisma.$transaction(async (tx) => {
        const [created] = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO "Submission" ("kind", "environment", "baseUrl", "purchaseOrderNumber", "requestBody",
            "requestHash", "idempotencyKey", "resubmitOfId", "operatorId", "operatorName", "operatorEmail", "state",
            "lineCount", "responseTruncated", "createdAt")
          VALUES (${input.kind}, ${input.environment}, ${input.baseUrl}, ${input.purchaseOrderNumber},
            ${input.requestBody}, ${input.requestHash}, ${input.idempotencyKey}, ${input.resubmitOfId ?? null},
            ${operator?.id ?? null}, ${operator?.name ?? null}, ${operator?.email ?? null}, 'pending',
            ${input.lineItems.length}, ${false}, ${createdAt})
          RETURNING "id"`;
        const submissionId = Number(created!.id);
        const lines = input.lineItems.map(
          (line, position) =>
            Prisma.sql`(${submissionId}, ${position}, ${line.recipeSetReadableId}, ${line.shipmentTracking ?? null},
              ${line.serialNumbers ? JSON.stringify(line.serialNumbers) : null}, ${line.workflowStatus ?? null}, 'pending')`,
        );
        if (input.confirmedWarnings?.length) {
          const warnings = input.confirmedWarnings.map(
            (w) =>
              Prisma.sql`(${submissionId}, ${w.line}, ${w.recipeSetReadableId}, ${w.code}, ${w.key}, ${w.text},
                ${w.submissionId}, ${operator?.id ?? null}, ${operator?.name ?? null}, ${operator?.email ?? null}, ${createdAt})`,
          );
          await tx.$executeRaw`
            INSERT INTO "SubmissionWarning" ("submissionId", "position", "recipeSetReadableId", "code", "key", "text",
              "earlierSubmissionId", "confirmedById", "confirmedByName", "confirmedByEmail", "createdAt")
            VALUES ${Prisma.join(warnings)}`;
        }
        const withSerials = input.lineItems.some((line) => (line.serialNumbers?.length ?? 0) > 0);
        const insertLines = Prisma.sql`
          INSERT INTO "SubmissionLineItem" ("submissionId", "position", "recipeSetReadableId", "shipmentTracking",
            "serialNumbers", "workflowStatus", "outcome")
          VALUES ${Prisma.join(lines)}`;
        if (!withSerials) {
          await tx.$executeRaw(insertLines);
          return submissionId;
        }
        // One row per serial number, for the history's serial filter (its index), with the line items.
        const inserted = await tx.$queryRaw<
          { id: number; position: number }[]
        >`${insertLines} RETURNING "id", "position"`;
        const serials = inserted.flatMap(({ id: lineItemId, position }) =>
          (input.lineItems[Number(position)]?.serialNumbers ?? []).map((serialNumber) => ({
            lineItemId: Number(lineItemId),
            submissionId,
            serialNumber,
          })),
        );
        await tx.submissionLineSerial.createMany({ data: serials });
        return submissionId;
      }),
    );
    return { id, createdAt: createdAt.toISOString() };
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
      // Plain SQL on the hot path (see createPendingSubmission). First the claim: a no-op update of the row while
      // it is still pending, which takes its lock (and SQLite's write lock) so no other process completes it
      // meanwhile. Line items are written while it is pending (the append-only triggers refuse them after), then
      // the outcome; RETURNING gives what the queue rules need without reading the row again.
      const [claimed] = await tx.$queryRaw<{ createdAt: Date; resubmitOfId: number | null }[]>`
        UPDATE "Submission" SET "state" = "state" WHERE "id" = ${id} AND "state" = 'pending'
        RETURNING "createdAt", "resubmitOfId"`;
      if (!claimed) throw new SubmissionNotPendingError(id);
      for (const group of groups.values()) {
        await tx.$executeRaw`
          UPDATE "SubmissionLineItem" SET "outcome" = ${group.outcome}, "message" = ${group.message}
          WHERE "submissionId" = ${id} AND "position" IN (${Prisma.join(group.positions)})`;
      }
      await tx.$executeRaw`
        UPDATE "Submission"
        SET "state" = ${result.state}, "httpStatus" = ${result.httpStatus}, "spectrumStatus" = ${result.spectrumStatus},
          "spectrumDetails" = ${result.spectrumDetails}, "responseBody" = ${stored},
          "responseTruncated" = ${response.truncated || stored !== body}, "message" = ${result.message},
          "durationMs" = ${response.durationMs}, "completedAt" = ${completedAt}
        WHERE "id" = ${id} AND "state" = 'pending'`;
      const resolutions = await queueAfterOutcome(tx, {
        id,
        state: result.state,
        createdAt: new Date(claimed.createdAt),
        resubmitOfId: claimed.resubmitOfId === null ? null : Number(claimed.resubmitOfId),
      });
      // Sealed into the audit chain in the same transaction: the submission, then the resolutions it caused.
      await appendToChain(tx, [
        { type: "submission", id },
        ...resolutions.map((resolutionId) => ({ type: "resolution" as const, id: resolutionId })),
      ]);
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
        // The claim (a no-op update while pending, see completeSubmission), the line items, then the state.
        const claimed = await tx.$executeRaw`
          UPDATE "Submission" SET "state" = "state" WHERE "id" = ${s.id} AND "state" = 'pending'`;
        if (claimed !== 1) return false; // another process recorded it first
        await tx.submissionLineItem.updateMany({
          where: { submissionId: s.id, outcome: "pending" },
          data: { outcome: "unknown", message: INTERRUPTED_LINE_MESSAGE },
        });
        await tx.submission.updateMany({
          where: { id: s.id, state: "pending" },
          data: { state: "interrupted", message: INTERRUPTED_MESSAGE, completedAt: new Date() },
        });
        const resolutions = await queueAfterInterrupted(tx, s);
        await appendToChain(tx, [
          { type: "submission", id: s.id },
          ...resolutions.map((resolutionId) => ({ type: "resolution" as const, id: resolutionId })),
        ]);
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
      confirmedWarnings: {
        select: {
          position: true,
          recipeSetReadableId: true,
          code: true,
          text: true,
          earlierSubmissionId: true,
          confirmedByName: true,
          confirmedByEmail: true,
          createdAt: true,
        },
        orderBy: [{ position: "asc" }, { id: "asc" }],
      },
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
  const { attention, resolution, confirmedWarnings, ...columns } = extra;
  return {
    ...base,
    ...toDetail(columns),
    needsAttention: attention !== null,
    confirmedWarnings: confirmedWarnings.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })),
    resolution: resolution ? { ...resolution, createdAt: resolution.createdAt.toISOString() } : null,
    chain: await getChain(id, base.resubmitOfId),
  };
}

async function getChain(id: number, resubmitOfId: number | null): Promise<ChainLink[]> {
  const links = await chainMembers(prisma, id, resubmitOfId);
  return links.map(toChainLink).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}
