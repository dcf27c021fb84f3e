import { z } from "zod";
import { lineItemsSchema, purchaseOrderNumberSchema, recipeSetReadableIdSchema } from "./common";
import { DEFAULT_WORKFLOW_STATUSES, KNOWN_WORKFLOW_STATUSES } from "./workflow-statuses.mjs";

export { DEFAULT_WORKFLOW_STATUSES, KNOWN_WORKFLOW_STATUSES, parseWorkflowStatusList } from "./workflow-statuses.mjs";

/**
 * The eight workflow statuses Spectrum documents, in its order: the default list. The statuses this server sends
 * are SPECTRUM_WORKFLOW_STATUSES (lib/env.mjs), any of KNOWN_WORKFLOW_STATUSES.
 */
export const WORKFLOW_STATUSES = DEFAULT_WORKFLOW_STATUSES;

/** Any status Spectrum is known to accept (its newer revision adds in-progress-step-1 and released). */
export type WorkflowStatus = (typeof KNOWN_WORKFLOW_STATUSES)[number];

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "in-progress-step-1": "In progress, step 1",
  completed: "Completed",
  revision: "Revision",
  "on-hold": "On hold",
  approved: "Approved",
  released: "Released",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

/** A select's options for a list of statuses: "In progress (in-progress)". */
export function workflowStatusOptions(statuses: readonly WorkflowStatus[]) {
  return statuses.map((value) => ({ value, label: `${WORKFLOW_STATUS_LABELS[value]} (${value})` }));
}

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

export const workflowStatusSchema = workflowStatusSchemaFor(WORKFLOW_STATUSES);

export const statusLineSchema = z.object({
  recipeSetReadableId: recipeSetReadableIdSchema,
  workflowStatus: workflowStatusSchema,
});

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
