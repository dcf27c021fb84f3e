import { z } from "zod";
import { lineItemsSchema, purchaseOrderNumberSchema, recipeSetReadableIdSchema } from "./common";

/** The eight workflow statuses Spectrum documents, in its order. */
export const WORKFLOW_STATUSES = [
  "not-started",
  "in-progress",
  "completed",
  "revision",
  "on-hold",
  "approved",
  "delivered",
  "cancelled",
] as const;

export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  completed: "Completed",
  revision: "Revision",
  "on-hold": "On hold",
  approved: "Approved",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

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
