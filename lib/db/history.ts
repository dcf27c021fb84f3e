import "server-only";
import {
  encodeCursor,
  type HistoryCursor,
  type HistoryFilters,
  type HistoryPageParams,
} from "@/lib/schemas/history-filters";
import {
  columnMask,
  lineRowMapper,
  submissionRowMapper,
  type ExportLine,
  type HistoryPage,
  type HistoryRow,
} from "@/lib/submission-model";
import { dbReady, prisma, provider } from "./client";
import {
  buildCountQuery,
  buildHistoryPageQuery,
  buildPoProbe,
  buildTextProbe,
  HISTORY_COLUMNS,
  PO_PROBE_LIMIT,
  TEXT_PROBE_LIMIT,
  type HistoryPlan,
  type SqlQuery,
} from "./history-query";

export const HISTORY_PAGE_SIZE = 50;

const toHistoryColumns = submissionRowMapper(columnMask(HISTORY_COLUMNS));

type RawHistoryRow = Parameters<typeof toHistoryColumns>[0] & {
  needsAttention: bigint | number;
  resolutionKind: string | null;
};

function toRow({ needsAttention, resolutionKind, ...columns }: RawHistoryRow): HistoryRow {
  return { ...toHistoryColumns(columns), needsAttention: Number(needsAttention) === 1, resolutionKind };
}

const cursorOf = (row: HistoryRow): HistoryCursor => ({ createdAt: Date.parse(row.createdAt), id: row.id });

async function countOf(query: SqlQuery): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ n: bigint | number }[]>(query.sql, ...query.params);
  return Number(rows[0]?.n ?? 0);
}

/**
 * How to read a page (see HistoryPlan), from at most two cheap, capped counts: whether the words are common,
 * and, unless a recipe ID or rare words already pick out a few rows, whether the PO prefix is broad.
 */
async function choosePlan(filters: HistoryFilters): Promise<HistoryPlan> {
  const plan: HistoryPlan = {};
  const text = buildTextProbe(filters, TEXT_PROBE_LIMIT, provider);
  if (text) plan.commonText = (await countOf(text)) >= TEXT_PROBE_LIMIT;
  // PostgreSQL plans the PO prefix well from its statistics: that probe is for SQLite.
  if (provider !== "sqlite") return plan;
  const po =
    filters.recipe || filters.tracking || filters.serial || filters.batch || (text && !plan.commonText)
      ? null
      : buildPoProbe(filters);
  if (po) plan.po = (await countOf(po)) >= PO_PROBE_LIMIT ? "window" : "index";
  return plan;
}

/** One page of the audit history, newest first, with keyset (cursor) pagination. */
export async function listHistory(
  filters: HistoryFilters,
  page: HistoryPageParams = {},
  limit = HISTORY_PAGE_SIZE,
): Promise<HistoryPage> {
  await dbReady();
  const plan = await choosePlan(filters);
  const run = (p: HistoryPlan) => {
    const query = buildHistoryPageQuery(filters, page, limit, p, provider);
    return prisma.$queryRawUnsafe<RawHistoryRow[]>(query.sql, ...query.params);
  };
  let raw = await run(plan);
  // A window that did not fill a page proves nothing about older rows: read the prefix's index instead.
  if (plan.po === "window" && raw.length <= limit) raw = await run({ ...plan, po: "index" });
  const more = raw.length > limit;
  const rows = raw.slice(0, limit).map(toRow);
  if (page.after) {
    rows.reverse();
    return {
      rows,
      newer: more && rows[0] ? encodeCursor(cursorOf(rows[0])) : null,
      older: rows.at(-1) ? encodeCursor(cursorOf(rows.at(-1)!)) : null,
    };
  }
  return {
    rows,
    older: more && rows.at(-1) ? encodeCursor(cursorOf(rows.at(-1)!)) : null,
    newer: page.before && rows[0] ? encodeCursor(cursorOf(rows[0])) : null,
  };
}

const exportLineSelect = {
  position: true,
  recipeSetReadableId: true,
  shipmentTracking: true,
  workflowStatus: true,
  outcome: true,
  message: true,
} as const;
const toExportLine = lineRowMapper(exportLineSelect);

/**
 * Every submission matching `filters` with its line items, newest first, in batches: the CSV export
 * streams these so memory stays flat however large the history is.
 */
export async function* iterateHistoryWithLines(
  filters: HistoryFilters,
  batchSize = 500,
): AsyncGenerator<{ submission: HistoryRow; lines: ExportLine[] }[]> {
  let before: HistoryCursor | undefined;
  for (;;) {
    const page = await listHistory(filters, { before }, batchSize);
    if (page.rows.length === 0) return;
    const lines = await prisma.submissionLineItem.findMany({
      where: { submissionId: { in: page.rows.map((r) => r.id) } },
      orderBy: [{ submissionId: "desc" }, { position: "asc" }],
      select: { submissionId: true, serialNumbers: true, ...exportLineSelect },
    });
    const bySubmission = new Map<number, ExportLine[]>();
    for (const { submissionId, serialNumbers, ...line } of lines) {
      const list = bySubmission.get(submissionId) ?? [];
      list.push({ ...toExportLine(line), serialNumbers });
      bySubmission.set(submissionId, list);
    }
    yield page.rows.map((submission) => ({ submission, lines: bySubmission.get(submission.id) ?? [] }));
    if (!page.older) return;
    before = cursorOf(page.rows.at(-1)!);
  }
}

export interface TodayCounts {
  sent: number;
  succeeded: number;
  needsAttention: number;
}

/** Today's (UTC) submissions and successes, and the open attention queue. */
export async function getTodayCounts(now = new Date()): Promise<TodayCounts> {
  await dbReady();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const end = new Date(start.getTime() + 24 * 60 * 60 * 1000);
  const [sent, succeeded, needsAttention] = await Promise.all([
    prisma.submission.count({ where: { createdAt: { gte: start, lt: end } } }),
    prisma.submission.count({ where: { state: "succeeded", createdAt: { gte: start, lt: end } } }),
    prisma.attentionItem.count(),
  ]);
  return { sent, succeeded, needsAttention };
}

/** How many rows a filter matches, for tests and the benchmark (not used by pages: a count scans). */
export async function countHistory(filters: HistoryFilters): Promise<number> {
  await dbReady();
  return countOf(buildCountQuery(filters, provider));
}
