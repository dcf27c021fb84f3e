import { z } from "zod";
import { MAX_BULK_ROWS } from "@/lib/bulk/parse-limits";
import { WARNINGS_CHUNK_LINES, WARNINGS_CHUNK_ORDERS } from "@/lib/bulk/warnings";
import { SUBMISSION_KINDS } from "@/lib/spectrum/types";
import { MAX_LINE_ITEMS } from "./limits";

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

/**
 * The bulk preview's "already sent" check (checkBulkWarningsAction): a chunk of the preview's ready purchase orders
 * with their lines as read. Lenient like the form's check (an empty ID just gives no warning); the batch itself is
 * validated strictly when it is created, and checked again by the runner before each send.
 */
export const bulkWarningsSchema = z.object({
  kind: z.enum(SUBMISSION_KINDS),
  orders: z
    .array(
      z.object({
        purchaseOrderNumber: z.string().trim().min(1).max(64),
        lines: z
          .array(
            z.object({
              recipeSetReadableId: z.string().trim().max(64),
              shipmentTracking: z.string().trim().max(100).optional().nullable(),
              workflowStatus: z.string().trim().max(64).optional().nullable(),
            }),
          )
          .min(1)
          .max(MAX_LINE_ITEMS),
      }),
    )
    .min(1)
    .max(WARNINGS_CHUNK_ORDERS * 2)
    .refine((orders) => orders.reduce((n, o) => n + o.lines.length, 0) <= WARNINGS_CHUNK_LINES * 2, {
      error: `At most ${WARNINGS_CHUNK_LINES * 2} lines in one check.`,
    }),
});
export type BulkWarningsInput = z.input<typeof bulkWarningsSchema>;
