import { z } from "zod";
import { WORKFLOW_STATUSES, type WorkflowStatus } from "../spectrum/types";
import { lineItemsSchema, purchaseOrderNumberSchema, recipeSetReadableIdSchema } from "./common";

export { DEFAULT_WORKFLOW_STATUSES, KNOWN_WORKFLOW_STATUSES, parseWorkflowStatusList } from "./workflow-statuses.mjs";

// The statuses themselves are plain data (lib/spectrum/types.ts), so the browser has them without zod.
export { WORKFLOW_STATUSES, WORKFLOW_STATUS_LABELS, type WorkflowStatus } from "../spectrum/types";

/** The schema of one status out of `statuses` (the configured list). */
export function workflowStatusSchemaFor(statuses: readonly WorkflowStatus[]) {
  return z.enum(statuses as [WorkflowStatus, ...WorkflowStatus[]], { error: "Choose a workflow status" });
}

/** PUT /api/order/status with the statuses of `statuses`: one purchase order and the status of each line item. */
export function statusSchemaFor(statuses: readonly WorkflowStatus[]) {
  return z.object({
    purchaseOrderNumber: purchaseOrderNumberSchema,
    lineItems: lineItemsSchema(
      z.object({ recipeSetReadableId: recipeSetReadableIdSchema, workflowStatus: workflowStatusSchemaFor(statuses) }),
    ),
  });
}

/** PUT /api/order/status with the default eight statuses. */
export const statusSchema = statusSchemaFor(WORKFLOW_STATUSES);

export type StatusInput = z.input<typeof statusSchema>;
export type StatusPayload = z.output<ReturnType<typeof statusSchemaFor>>;

export function toStatusBody(data: StatusPayload) {
  return {
    purchaseOrderNumber: data.purchaseOrderNumber,
    lineItems: data.lineItems.map((line) => ({
      recipeSetReadableId: line.recipeSetReadableId,
      workflowStatus: line.workflowStatus,
    })),
  };
}
