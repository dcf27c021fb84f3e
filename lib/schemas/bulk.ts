import { z } from "zod";
import { MAX_BULK_ROWS } from "@/lib/bulk/parse-limits";

/** What the bulk page sends to its action: the rows as uploaded and the mapping, never the browser's verdicts. */
export const bulkBatchSchema = z.object({
  kind: z.enum(["tracking", "status"]),
  sourceName: z.string().trim().max(255).nullable(),
  headers: z.array(z.string().max(500)).min(1).max(200),
  rows: z
    .array(z.array(z.string().max(5_000)).max(200))
    .min(1, { error: "There are no rows to send." })
    .max(MAX_BULK_ROWS, { error: `At most ${MAX_BULK_ROWS} rows in one batch.` }),
  mapping: z.partialRecord(
    z.enum(["purchaseOrderNumber", "recipeSetReadableId", "shipmentTracking", "serialNumbers", "workflowStatus"]),
    z.number().int().min(0).max(199),
  ),
  includeAlreadySent: z.boolean(),
  /** Production only: the operator confirmed sending this many purchase orders */
  confirmedPurchaseOrders: z.number().int().min(0).optional(),
});

export type BulkBatchInput = z.input<typeof bulkBatchSchema>;
