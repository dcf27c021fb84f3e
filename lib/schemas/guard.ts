import { z } from "zod";
import { SUBMISSION_KINDS } from "@/lib/spectrum/types";
import { MAX_LINE_ITEMS, purchaseOrderNumberSchema } from "./common";

/** A field as typed so far: trimmed, capped, possibly empty. */
const typed = (max: number) => z.string().trim().max(max).optional().nullable();

/**
 * The form's debounced "already sent" check (checkWarningsAction): the purchase order and its lines as typed so
 * far. Lenient on purpose (an empty PO or ID just gives no warning); the send itself validates strictly.
 */
export const warningsCheckSchema = z.object({
  kind: z.enum(SUBMISSION_KINDS),
  purchaseOrderNumber: z.string().trim().max(64),
  lines: z
    .array(
      z.object({
        recipeSetReadableId: z.string().trim().max(64),
        shipmentTracking: typed(100),
        workflowStatus: typed(64),
      }),
    )
    .max(MAX_LINE_ITEMS),
});
export type WarningsCheckInput = z.input<typeof warningsCheckSchema>;

/** "Look up in Spectrum" (lookupOrderAction): one purchase order number. */
export const orderLookupSchema = z.object({ purchaseOrderNumber: purchaseOrderNumberSchema });
export type OrderLookupInput = z.input<typeof orderLookupSchema>;

/** The warning keys the operator confirmed with "Send anyway", sent with the submission. */
export const confirmedWarningsSchema = z
  .array(z.string().max(200))
  .max(MAX_LINE_ITEMS * 5)
  .optional();
