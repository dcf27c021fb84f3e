import type { KindDefinition } from "@/lib/spectrum/kinds";
import type { BulkBatchInput } from "@/lib/schemas/bulk";
import { missingColumns, type ColumnMapping } from "./columns";
import { buildPreview, type BulkPreview } from "./rows";
import type { BatchRow } from "./model";
import type { SpectrumBody } from "@/lib/spectrum/kinds";

export interface PreparedItem {
  purchaseOrderNumber: string;
  rows: BatchRow[];
  body: SpectrumBody | null;
  blocked: string | null;
  idempotencyKey: string;
}

/**
 * The server's own reading of a batch: every row validated again with the kind's schema and grouped per purchase
 * order (the browser's preview is never trusted). Each item gets its own idempotency key, stored with it, so a
 * retry or a restart replays the item's submission instead of sending it twice. Pure.
 */
export function prepareBatch(
  kind: KindDefinition,
  input: Pick<BulkBatchInput, "rows" | "mapping">,
): { ok: true; items: PreparedItem[]; preview: BulkPreview } | { ok: false; message: string } {
  const mapping = input.mapping as ColumnMapping;
  const missing = missingColumns(kind.kind, mapping);
  if (missing.length > 0) {
    return { ok: false, message: `Choose the column for ${missing.map((c) => c.label).join(", ")}. Nothing was sent.` };
  }
  const preview = buildPreview(kind, input.rows, mapping);
  if (preview.counts.ready === 0) {
    return { ok: false, message: "Every purchase order is blocked by invalid rows: fix them first. Nothing was sent." };
  }
  const items = preview.groups.map((group) => ({
    purchaseOrderNumber: group.purchaseOrderNumber,
    rows: group.lines.map((line) => ({ row: line.row, cells: line.cells })),
    body: group.body,
    blocked: group.blocked,
    idempotencyKey: crypto.randomUUID(),
  }));
  return { ok: true, items, preview };
}
