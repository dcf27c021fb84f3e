import { z } from "zod";
import {
  LINE_OUTCOMES,
  SUBMISSION_KINDS,
  SUBMISSION_STATES,
  type LineOutcome,
  type SubmissionKind,
  type SubmissionState,
} from "@/lib/spectrum/types";

/**
 * The audit log as pages and client components see it: plain, serialisable objects (times as ISO strings), and
 * the one mapping from database rows to them. Browser-safe: no server imports, so client components take their
 * types from here, never from lib/db/*.
 *
 * Words: a submission's result is its `state` (the column, the DTO field, `SubmissionState`); a line item's is its
 * `outcome`. "Outcome" for a submission is only the user's word, at the edges: the history URL's `?outcome=`, the
 * filter's label and the CSV export's column.
 */

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

/** One attempt in a chain of resubmits. */
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
  /** the "already sent" warnings confirmed before sending ("Send anyway"), and by whom */
  confirmedWarnings: ConfirmedWarningDto[];
}

export interface ConfirmedWarningDto {
  /** 0-based line position */
  position: number;
  recipeSetReadableId: string;
  code: string;
  text: string;
  earlierSubmissionId: number | null;
  confirmedByName: string | null;
  confirmedByEmail: string | null;
  createdAt: string;
}

/** A submission in the "Needs attention" queue. */
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

/** One row of the history list. */
export interface HistoryRow {
  id: number;
  kind: SubmissionKind;
  environment: string;
  purchaseOrderNumber: string;
  state: SubmissionState;
  lineCount: number;
  httpStatus: number | null;
  durationMs: number | null;
  createdAt: string;
  completedAt: string | null;
  operatorName: string | null;
  operatorEmail: string | null;
  spectrumDetails: string | null;
  message: string | null;
  resubmitOfId: number | null;
  needsAttention: boolean;
  resolutionKind: string | null;
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** cursor for the next (older) page, or null at the end */
  older: string | null;
  /** cursor for the previous (newer) page, or null on the first page */
  newer: string | null;
}

/** A line item as the CSV export reads it: serial numbers still as stored (decode with decodeSerialNumbers). */
export type ExportLine = Omit<SubmissionLineDto, "serialNumbers"> & { serialNumbers: string | null };

/** What sending a submission returns to the form. */
export interface SubmissionResult {
  submission: SubmissionDto;
  /** true when this idempotency key had already been sent: the first result is returned, nothing resent */
  replayed: boolean;
  /**
   * Set when Spectrum answered but its answer could not be written to the audit log: what the operator must know
   * about the record (kept in the outcome journal and caught up later, or lost). The submission shown is then
   * the answer as interpreted, not as read back from the log.
   */
  auditNotice?: string;
  /** the "Needs attention" count after this send, for the navigation (the page is not re-rendered) */
  attentionCount?: number;
}

// ── Rows → DTOs ─────────────────────────────────────────────────────────────────────────────────────────────

const serialNumbersSchema = z.array(z.string());

/** The serial-number column: a JSON array of strings, as sent, or null when none were sent. */
export function decodeSerialNumbers(column: string | null): string[] {
  return column ? serialNumbersSchema.parse(JSON.parse(column)) : [];
}

/** A text column that holds one of a fixed list: the database hands over a string, the DTO carries the union. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.string().pipe(z.enum(values));
const isoTime = z.date().transform((d) => d.toISOString());

/** Every Submission column as the database returns it (input) and as a DTO carries it (output). */
const submissionColumns = z.object({
  id: z.number(),
  kind: oneOf(SUBMISSION_KINDS),
  environment: z.string(),
  baseUrl: z.string(),
  purchaseOrderNumber: z.string(),
  requestBody: z.string(),
  requestHash: z.string(),
  idempotencyKey: z.string(),
  state: oneOf(SUBMISSION_STATES),
  lineCount: z.number(),
  httpStatus: z.number().nullable(),
  spectrumStatus: z.string().nullable(),
  spectrumDetails: z.string().nullable(),
  responseBody: z.string().nullable(),
  responseTruncated: z.boolean(),
  message: z.string().nullable(),
  durationMs: z.number().nullable(),
  createdAt: isoTime,
  completedAt: isoTime.nullable(),
  operatorId: z.string().nullable(),
  operatorName: z.string().nullable(),
  operatorEmail: z.string().nullable(),
  resubmitOfId: z.number().nullable(),
});

/** Every SubmissionLineItem column a DTO carries. */
const lineColumns = z.object({
  position: z.number(),
  recipeSetReadableId: z.string(),
  shipmentTracking: z.string().nullable(),
  serialNumbers: z.string().nullable().transform(decodeSerialNumbers),
  workflowStatus: z.string().nullable(),
  outcome: oneOf(LINE_OUTCOMES),
  message: z.string().nullable(),
});

export type SubmissionColumn = keyof typeof submissionColumns.shape;
export type LineColumn = keyof typeof lineColumns.shape;
type Mask<K extends string> = { [P in K]?: true };
/** Only the table's columns: a relation or a misspelt name in the select is a type error. */
type ColumnsOnly<M, K extends string> = M & Record<Exclude<keyof M, K>, never>;

/**
 * The row → DTO mapping of the Submission table, for the columns a query selects: pass the query's Prisma
 * `select` (columns only), or `columnMask(names)` for raw SQL. Kind and state are checked against their lists,
 * times become ISO strings.
 */
export function submissionRowMapper<const M extends Mask<SubmissionColumn>>(columns: ColumnsOnly<M, SubmissionColumn>) {
  const schema = submissionColumns.pick(columns);
  return (row: z.input<typeof schema>): z.output<typeof schema> => schema.parse(row);
}

/** The same for SubmissionLineItem: the outcome is checked, the serial numbers decoded. */
export function lineRowMapper<const M extends Mask<LineColumn>>(columns: ColumnsOnly<M, LineColumn>) {
  const schema = lineColumns.pick(columns);
  return (row: z.input<typeof schema>): z.output<typeof schema> => schema.parse(row);
}

/** A select mask from a list of column names (raw SQL names its columns). */
export function columnMask<const K extends string>(names: readonly K[]): { [P in K]: true } {
  return Object.fromEntries(names.map((name) => [name, true])) as { [P in K]: true };
}
