import { csvRow } from "@/lib/csv";
import { ITEM_STATE_LABELS, needsFixing, type BatchDto } from "./model";

/** The batch page's downloads. Pure. */

/** Every row with its purchase order's outcome and message, in the upload's columns. */
export function batchResultsCsv(batch: Pick<BatchDto, "columns" | "items">): string {
  let out = csvRow(["Row", ...batch.columns, "Outcome", "Message", "Submission"]);
  for (const item of batch.items) {
    for (const row of item.rows) {
      out += csvRow([
        row.row,
        ...batch.columns.map((_, i) => row.cells[i] ?? ""),
        ITEM_STATE_LABELS[item.state],
        item.message ?? "",
        item.submissionId ?? "",
      ]);
    }
  }
  return out;
}

/** Only the rows that did not succeed (nor were skipped as already sent), in the upload's own columns. */
export function rowsToFixCsv(batch: Pick<BatchDto, "columns" | "items">): string {
  let out = csvRow(batch.columns);
  for (const item of batch.items) {
    if (!needsFixing(item.state)) continue;
    for (const row of item.rows) out += csvRow(batch.columns.map((_, i) => row.cells[i] ?? ""));
  }
  return out;
}
