// The history's CSV export: its columns and how one row is written, shared by the export route and by
// `npm run audit:verify -- --csv FILE`, which rebuilds each row from the audit log to check a file against it.
import { csvText } from "@/lib/csv";
import { decodeSerialNumbers } from "@/lib/submission-model";

export const EXPORT_COLUMNS = [
  "submission_id",
  "created_at",
  "completed_at",
  "operator_name",
  "operator_email",
  "environment",
  "kind",
  "purchase_order_number",
  // the submission's state, in the user's word
  "outcome",
  "http_status",
  "duration_ms",
  "spectrum_details",
  "resubmit_of",
  "line_position",
  "recipe_set_readable_id",
  "shipment_tracking",
  "serial_numbers",
  "workflow_status",
  "line_outcome",
  "line_message",
] as const;

/** With "proof": each row's audit chain entry (its submission's sequence number and hash), last. */
export const PROOF_COLUMNS = ["audit_seq", "audit_hash"] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number] | (typeof PROOF_COLUMNS)[number];

export interface ExportSubmission {
  id: number;
  createdAt: string;
  completedAt: string | null;
  operatorName: string | null;
  operatorEmail: string | null;
  environment: string;
  kind: string;
  purchaseOrderNumber: string;
  state: string;
  httpStatus: number | null;
  durationMs: number | null;
  spectrumDetails: string | null;
  resubmitOfId: number | null;
}

export interface ExportLineItem {
  position: number;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  /** as stored: a JSON array, or null */
  serialNumbers: string | null;
  workflowStatus: string | null;
  outcome: string;
  message: string | null;
}

type Cell = string | number | null;

/** One row's cells, in column order (proof columns only when `proof` is given: null for a submission not sealed). */
export function exportCells(
  s: ExportSubmission,
  line: ExportLineItem,
  proof?: { seq: number; hash: string } | null,
): Cell[] {
  const cells: Cell[] = [
    s.id,
    s.createdAt,
    s.completedAt,
    s.operatorName,
    s.operatorEmail,
    s.environment,
    s.kind,
    s.purchaseOrderNumber,
    s.state,
    s.httpStatus,
    s.durationMs,
    s.spectrumDetails,
    s.resubmitOfId,
    line.position + 1,
    line.recipeSetReadableId,
    line.shipmentTracking,
    decodeSerialNumbers(line.serialNumbers).join(" "),
    line.workflowStatus,
    line.outcome,
    line.message,
  ];
  if (proof !== undefined) cells.push(proof?.seq ?? null, proof?.hash ?? null);
  return cells;
}

/** A cell as a spreadsheet or CSV parser reads it back from the file (quoting undone): see csvText. */
export const cellText = (cell: Cell): string => csvText(cell);
