import type { SubmissionKind } from "@/lib/spectrum/types";

/** What the bulk pages show of a batch and its items (the DTOs of lib/db/batches.ts). Pure. */

export type BatchState = "running" | "paused" | "cancelled" | "done";
export type BatchItemState =
  | "queued"
  | "sending"
  | "succeeded"
  | "rejected"
  | "failed"
  | "unknown"
  | "interrupted"
  | "skipped"
  | "held"
  | "blocked"
  | "cancelled";

/** One uploaded row of an item: its number in the upload, its cells as uploaded. */
export interface BatchRow {
  row: number;
  cells: string[];
}

export interface BatchItemDto {
  id: number;
  position: number;
  purchaseOrderNumber: string;
  rows: BatchRow[];
  state: BatchItemState;
  message: string | null;
  submissionId: number | null;
}

export interface BatchDto {
  id: number;
  kind: SubmissionKind;
  environment: string;
  operatorName: string;
  operatorEmail: string;
  sourceName: string | null;
  rowCount: number;
  itemCount: number;
  columns: string[];
  includeAlreadySent: boolean;
  state: BatchState;
  stateMessage: string | null;
  createdAt: string;
  updatedAt: string;
  items: BatchItemDto[];
}

/** States an item does not leave. */
export const FINAL_ITEM_STATES: readonly BatchItemState[] = [
  "succeeded",
  "rejected",
  "failed",
  "unknown",
  "interrupted",
  "skipped",
  "held",
  "blocked",
  "cancelled",
];

export const ITEM_STATE_LABELS: Record<BatchItemState, string> = {
  queued: "Queued",
  sending: "Sending",
  succeeded: "Succeeded",
  rejected: "Rejected",
  failed: "Failed",
  unknown: "Unknown",
  interrupted: "Interrupted",
  skipped: "Skipped (already sent)",
  held: "Held (needs confirming)",
  blocked: "Blocked (invalid rows)",
  cancelled: "Cancelled",
};

/** Counts per item state. */
export function countItems(items: readonly { state: BatchItemState }[]): Partial<Record<BatchItemState, number>> {
  const counts: Partial<Record<BatchItemState, number>> = {};
  for (const item of items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  return counts;
}

/** Estimated time left: one call per queued item at `perMinute` calls per 60 s (the rate limit, less the reserve). */
export function estimatedFinish(queued: number, perMinute: number, now = Date.now()): string | null {
  if (queued <= 0) return null;
  return new Date(now + Math.ceil((queued / Math.max(1, perMinute)) * 60_000)).toISOString();
}

/** Does an item's outcome need the row fixed and sent again? */
export const needsFixing = (state: BatchItemState) => state !== "succeeded" && state !== "skipped";

export const batchKindOf = (batch: { kind: SubmissionKind }) => batch.kind;
