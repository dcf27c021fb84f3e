import type { z } from "zod";
import {
  statusSchemaFor,
  toStatusBody,
  WORKFLOW_STATUSES,
  type StatusPayload,
  type WorkflowStatus,
} from "@/lib/schemas/status";
import { toTrackingBody, trackingSchema, type TrackingPayload } from "@/lib/schemas/tracking";
import { KIND_DISPLAY, statusDisplay, type KindDisplay, type LineFormValues } from "./kind-display";
import type { SubmissionKind } from "./types";

export type { LineColumn, LineFormValues, LineValues } from "./kind-display";

/**
 * Everything that differs between the two things this dashboard sends, in one place: the form, the action, the
 * page, the history and the client all read it from here, so a rule about "tracking or status" is written once.
 * The route, labels and form columns are in ./kind-display.ts (what the browser needs, without zod); this adds
 * the schema and the body. Pure and browser-safe.
 */

/** A body exactly as Spectrum documents it. */
export interface SpectrumBody {
  purchaseOrderNumber: string;
  lineItems: {
    recipeSetReadableId: string;
    shipmentTracking?: string;
    serialNumbers?: string[];
    workflowStatus?: string;
  }[];
}

export interface KindDefinition<P extends LineFormValues = LineFormValues> extends KindDisplay {
  /** validates the form's values and yields the payload */
  schema: z.ZodType<P, LineFormValues>;
  toBody(payload: P): SpectrumBody;
}

const tracking: KindDefinition<TrackingPayload> = {
  ...KIND_DISPLAY.tracking,
  schema: trackingSchema,
  toBody: toTrackingBody,
};

/**
 * The status kind for a list of workflow statuses (the configured SPECTRUM_WORKFLOW_STATUSES: the page passes it
 * to the form, the action is built from it on the server). Its schema accepts exactly those statuses, and its
 * select and "Set all lines to" offer them (statusDisplay).
 */
export function statusKind(statuses: readonly WorkflowStatus[]): KindDefinition<StatusPayload> {
  const key = statuses.join(",");
  const cached = statusKinds.get(key);
  if (cached) return cached;
  const definition: KindDefinition<StatusPayload> = {
    ...statusDisplay(statuses),
    schema: statusSchemaFor(statuses),
    toBody: toStatusBody,
  };
  statusKinds.set(key, definition);
  return definition;
}

const statusKinds = new Map<string, KindDefinition<StatusPayload>>();
const status = statusKind(WORKFLOW_STATUSES);

export const KINDS: { tracking: KindDefinition<TrackingPayload>; status: KindDefinition<StatusPayload> } = {
  tracking,
  status,
};

/**
 * One kind's definition. `workflowStatuses`: the configured list (the default eight when not given); the page
 * reads it on the server (lib/spectrum/configured-kinds.ts) and passes it to the form as data.
 */
export function kindDefinition(
  kind: SubmissionKind,
  options: { workflowStatuses?: readonly WorkflowStatus[] } = {},
): KindDefinition {
  if (kind === "status" && options.workflowStatuses) return statusKind(options.workflowStatuses) as KindDefinition;
  return KINDS[kind];
}
