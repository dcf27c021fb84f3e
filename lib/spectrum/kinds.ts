import type { z } from "zod";
import { statusSchema, toStatusBody, type StatusPayload } from "@/lib/schemas/status";
import { toTrackingBody, trackingSchema, type TrackingPayload } from "@/lib/schemas/tracking";
import { KIND_DISPLAY, type KindDisplay, type LineFormValues } from "./kind-display";
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

const status: KindDefinition<StatusPayload> = {
  ...KIND_DISPLAY.status,
  schema: statusSchema,
  toBody: toStatusBody,
};

export const KINDS: { tracking: KindDefinition<TrackingPayload>; status: KindDefinition<StatusPayload> } = {
  tracking,
  status,
};

export function kindDefinition(kind: SubmissionKind): KindDefinition {
  return KINDS[kind];
}
