import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { EarlierLine } from "@/lib/guard/warnings";
import type { HealthEndpoint, HealthState } from "@/lib/spectrum/health";
import type { LineOutcome, SubmissionKind, SubmissionState } from "@/lib/spectrum/types";
import { prisma, withDatabase } from "./client";
import { healthFromRows, isoOf, type HealthRow } from "./health";

/** Earlier lines read at most for one purchase order (newest first). */
export const MAX_EARLIER_LINES = 2_000;

/** States of earlier submissions that can give a warning (rejected and failed ones changed nothing). */
const WARNING_STATES: readonly SubmissionState[] = ["succeeded", "unknown", "interrupted", "pending"];

interface GuardRow {
  scope: string | null;
  consecutiveFailures: number | bigint | null;
  failingSince: unknown;
  lastFailureAt: unknown;
  lastSuccessAt: unknown;
  last403At: unknown;
  submissionId: number | bigint | null;
  kind: string | null;
  environment: string | null;
  state: string | null;
  createdAt: unknown;
  operatorName: string | null;
  operatorEmail: string | null;
  recipeSetReadableId: string | null;
  shipmentTracking: string | null;
  workflowStatus: string | null;
  outcome: string | null;
}

/**
 * What a send must know before it calls Spectrum, in one query (the send path's one added read): Spectrum's
 * stored health (the "all" row and the endpoint's, for the 403 wait) and every line of the earlier submissions of
 * this kind, purchase order and environment that can give a warning, newest first. `excludeIdempotencyKey`: the
 * send's own key, so a retry of the same form is replayed, not warned about itself.
 *
 * Portable SQL (SQLite and PostgreSQL): a one-row driver left-joined to the health rows and to the earlier lines,
 * which read the (purchaseOrderNumber, createdAt) index and the line items' (submissionId, position) key. Kind,
 * environment and state are filtered here, not in SQL: with them in the WHERE clause SQLite's planner may take the
 * (environment, createdAt) or (kind, createdAt) index instead, which reads most of the table.
 */
export async function loadSendGuard(input: {
  kind: SubmissionKind;
  purchaseOrderNumber: string;
  environment: string;
  endpoint: HealthEndpoint;
  excludeIdempotencyKey?: string;
}): Promise<{ earlier: EarlierLine[]; health: HealthState }> {
  const rows = await withDatabase("reading earlier submissions of the order", () =>
    prisma.$queryRaw<GuardRow[]>(sendGuardSql(input)),
  );
  const health = new Map<string, HealthRow>();
  const earlier = new Map<string, EarlierLine>();
  for (const row of rows) {
    if (row.scope !== null) {
      health.set(row.scope, { ...row, scope: row.scope, consecutiveFailures: row.consecutiveFailures ?? 0 });
    }
    if (
      row.submissionId !== null &&
      row.recipeSetReadableId !== null &&
      row.kind === input.kind &&
      row.environment === input.environment &&
      WARNING_STATES.includes(row.state as never)
    ) {
      const line: EarlierLine = {
        submissionId: Number(row.submissionId),
        state: row.state as SubmissionState,
        createdAt: isoOf(row.createdAt) ?? new Date(0).toISOString(),
        operatorName: row.operatorName,
        operatorEmail: row.operatorEmail,
        recipeSetReadableId: row.recipeSetReadableId,
        shipmentTracking: row.shipmentTracking,
        workflowStatus: row.workflowStatus,
        outcome: row.outcome as LineOutcome,
      };
      earlier.set(`${line.submissionId}\u0000${line.recipeSetReadableId}`, line);
    }
  }
  return { earlier: [...earlier.values()], health: healthFromRows([...health.values()]) };
}

/** The one query of loadSendGuard (exported for its query-plan test). */
export function sendGuardSql(input: {
  purchaseOrderNumber: string;
  endpoint: HealthEndpoint;
  excludeIdempotencyKey?: string;
}): Prisma.Sql {
  return Prisma.sql`
    SELECT h."scope", h."consecutiveFailures", h."failingSince", h."lastFailureAt", h."lastSuccessAt", h."last403At",
      e."submissionId", e."kind", e."environment", e."state", e."createdAt", e."operatorName", e."operatorEmail",
      e."recipeSetReadableId", e."shipmentTracking", e."workflowStatus", e."outcome"
    FROM (SELECT 1 AS "one") d
    LEFT JOIN "SpectrumHealth" h ON h."scope" IN ('all', ${input.endpoint})
    LEFT JOIN (
      SELECT s."id" AS "submissionId", s."kind", s."environment", s."state", s."createdAt", s."operatorName",
        s."operatorEmail", l."recipeSetReadableId", l."shipmentTracking", l."workflowStatus", l."outcome"
      FROM "Submission" s
      JOIN "SubmissionLineItem" l ON l."submissionId" = s."id"
      WHERE s."purchaseOrderNumber" = ${input.purchaseOrderNumber}
        AND s."idempotencyKey" <> ${input.excludeIdempotencyKey ?? ""}
      ORDER BY s."createdAt" DESC, s."id" DESC
      LIMIT ${MAX_EARLIER_LINES}
    ) e ON 1 = 1`;
}

/** Purchase orders read per query by loadEarlierLinesForOrders (an IN list of this many parameters at most). */
export const EARLIER_LINES_CHUNK = 500;

interface EarlierRow {
  submissionId: number | bigint;
  purchaseOrderNumber: string;
  kind: string;
  environment: string;
  state: string;
  createdAt: unknown;
  operatorName: string | null;
  operatorEmail: string | null;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  workflowStatus: string | null;
  outcome: string;
}

/**
 * The bulk preview's variant of loadSendGuard's earlier lines: for many purchase orders at once, one query per
 * EARLIER_LINES_CHUNK orders (an IN list on the (purchaseOrderNumber, createdAt) index), the lines of the earlier
 * submissions of `kind` in `environment` that can give a warning, at most MAX_EARLIER_LINES per order (newest
 * first). Orders without any are left out of the map. Kind, environment and state are filtered here, not in SQL,
 * for the reason given at loadSendGuard.
 */
export async function loadEarlierLinesForOrders(input: {
  kind: SubmissionKind;
  environment: string;
  purchaseOrderNumbers: readonly string[];
}): Promise<Map<string, EarlierLine[]>> {
  const unique = [...new Set(input.purchaseOrderNumbers.filter(Boolean))];
  const byOrder = new Map<string, Map<string, EarlierLine & { po: string }>>();
  for (let i = 0; i < unique.length; i += EARLIER_LINES_CHUNK) {
    const chunk = unique.slice(i, i + EARLIER_LINES_CHUNK);
    const rows = await withDatabase("reading earlier submissions of the orders", () =>
      prisma.$queryRaw<EarlierRow[]>(earlierLinesSql(chunk)),
    );
    for (const row of rows) {
      if (row.kind !== input.kind || row.environment !== input.environment) continue;
      if (!WARNING_STATES.includes(row.state as SubmissionState)) continue;
      const line = {
        po: row.purchaseOrderNumber,
        submissionId: Number(row.submissionId),
        state: row.state as SubmissionState,
        createdAt: isoOf(row.createdAt) ?? new Date(0).toISOString(),
        operatorName: row.operatorName,
        operatorEmail: row.operatorEmail,
        recipeSetReadableId: row.recipeSetReadableId,
        shipmentTracking: row.shipmentTracking,
        workflowStatus: row.workflowStatus,
        outcome: row.outcome as LineOutcome,
      };
      let lines = byOrder.get(line.po);
      if (!lines) byOrder.set(line.po, (lines = new Map()));
      lines.set(`${line.submissionId}\u0000${line.recipeSetReadableId}`, line);
    }
  }
  const out = new Map<string, EarlierLine[]>();
  for (const [po, lines] of byOrder) {
    const newestFirst = [...lines.values()]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.submissionId - a.submissionId)
      .slice(0, MAX_EARLIER_LINES)
      .map(({ po: _po, ...line }) => line);
    out.set(po, newestFirst);
  }
  return out;
}

/** The query of loadEarlierLinesForOrders for one chunk of purchase orders (portable SQL). */
export function earlierLinesSql(purchaseOrderNumbers: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT s."id" AS "submissionId", s."purchaseOrderNumber", s."kind", s."environment", s."state", s."createdAt",
      s."operatorName", s."operatorEmail", l."recipeSetReadableId", l."shipmentTracking", l."workflowStatus",
      l."outcome"
    FROM "Submission" s
    JOIN "SubmissionLineItem" l ON l."submissionId" = s."id"
    WHERE s."purchaseOrderNumber" IN (${Prisma.join([...purchaseOrderNumbers])})`;
}
