import { z } from "zod";
import { WORKFLOW_STATUSES } from "../spectrum/types";
import { lineItemsSchema, purchaseOrderNumberSchema, recipeSetReadableIdSchema } from "./common";

// The statuses themselves are plain data (lib/spectrum/types.ts), so the browser has them without zod.
export { WORKFLOW_STATUSES, WORKFLOW_STATUS_LABELS, type WorkflowStatus } from "../spectrum/types";

export const workflowStatusSchema = z.enum(WORKFLOW_STATUSES, {
  error: "Choose a workflow status",
});

export const statusLineSchema = z.object({
  recipeSetReadableId: recipeSetReadableIdSchema,
  workflowStatus: workflowStatusSchema,
});

/** PUT /api/order/status: one purchase order and the workflow status of each line item. */
export const statusSchema = z.object({
  purchaseOrderNumber: purchaseOrderNumberSchema,
  lineItems: lineItemsSchema(statusLineSchema),
});

export type StatusInput = z.input<typeof statusSchema>;
export type StatusPayload = z.output<typeof statusSchema>;

export function toStatusBody(data: StatusPayload) {
  return {
    purchaseOrderNumber: data.purchaseOrderNumber,
    lineItems: data.lineItems.map((line) => ({
      recipeSetReadableId: line.recipeSetReadableId,
      workflowStatus: line.workflowStatus,
    })),
  };
}
