import type { z } from "zod";
import {
  statusSchemaFor,
  toStatusBody,
  workflowStatusOptions,
  WORKFLOW_STATUSES,
  type StatusPayload,
  type WorkflowStatus,
} from "@/lib/schemas/status";
import { toTrackingBody, trackingSchema, type TrackingPayload } from "@/lib/schemas/tracking";
import type { SubmissionKind } from "./types";

/**
 * Everything that differs between the two things this dashboard sends, in one place: the form, the action, the
 * page, the history and the client all read it from here, so a rule about "tracking or status" is written once.
 * Pure and browser-safe.
 */

/**
 * What a line-items form holds, and what its action receives: text as typed (serial numbers as free text, a status
 * as "" until chosen) or, once the schema has parsed it, the payload's values.
 */
export type LineValues = Record<string, unknown>;
export type LineFormValues = {
  purchaseOrderNumber: string;
  lineItems: LineValues[];
};

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

/** One column of a line item after the recipe set ID, which every kind has first. */
export type LineColumn = {
  name: string;
  label: string;
  /** suffix of the input's id: lineItems-N-<id> */ id: string;
} &
  /** `copyToAll`: the label of a button that copies line 1's value to every line (one parcel, many lines) */
  (
    | { input: "text"; copyToAll?: string }
    /** free text split into a list (commas, spaces, new lines), counted as `itemName`s */
    | { input: "list"; placeholder: string; itemName: string }
    | { input: "select"; options: readonly { value: string; label: string }[]; placeholder: string }
  );

export interface KindDefinition<P extends LineFormValues = LineFormValues> {
  kind: SubmissionKind;
  /** Spectrum's endpoint */
  method: "POST" | "PUT";
  path: string;
  /** the dashboard page that sends it */
  route: string;
  /** short name, in the history and the queue */
  label: string;
  /** the page's heading and the navigation link */
  title: string;
  navLabel: string;
  intro: string;
  submitLabel: string;
  pendingLabel: string;
  /** validates the form's values and yields the payload */
  schema: z.ZodType<P, LineFormValues>;
  toBody(payload: P): SpectrumBody;
  columns: readonly LineColumn[];
  /** a new line; it may carry values over from the line above */
  emptyLine: (previous?: LineValues) => LineValues;
  /** a control above the lines that sets one column on every line */
  setAll?: { column: string; label: string; placeholder: string };
  /** the value column shown for each line in the history ("Tracking / serial numbers") */
  valueHeader: string;
  lineValue: (line: {
    shipmentTracking: string | null;
    serialNumbers: string[];
    workflowStatus: string | null;
  }) => string;
}

const tracking: KindDefinition<TrackingPayload> = {
  kind: "tracking",
  method: "POST",
  path: "/api/order/ship-notification",
  route: "/ship",
  label: "Tracking",
  title: "Send tracking",
  navLabel: "Send tracking",
  intro:
    "Sends a shipment notification for one purchase order. If Spectrum cannot find any one recipe set ID, nothing in the order is updated.",
  submitLabel: "Send tracking",
  pendingLabel: "Sending…",
  schema: trackingSchema,
  toBody: toTrackingBody,
  columns: [
    {
      name: "shipmentTracking",
      label: "Tracking number",
      id: "tracking",
      input: "text",
      copyToAll: "Use line 1's tracking number on every line",
    },
    {
      name: "serialNumbers",
      label: "Serial numbers",
      id: "serials",
      input: "list",
      placeholder: "Optional: commas, spaces or new lines",
      itemName: "serial number",
    },
  ],
  emptyLine: () => ({ recipeSetReadableId: "", shipmentTracking: "", serialNumbers: "" }),
  valueHeader: "Tracking / serial numbers",
  lineValue: (line) =>
    [line.shipmentTracking, line.serialNumbers.length ? `(${line.serialNumbers.join(", ")})` : null]
      .filter(Boolean)
      .join(" "),
};

/**
 * The status kind for a list of workflow statuses (the configured SPECTRUM_WORKFLOW_STATUSES: the page passes it
 * to the form, the action is built from it on the server). Its schema accepts exactly those statuses, and its
 * select and "Set all lines to" offer them.
 */
export function statusKind(statuses: readonly WorkflowStatus[]): KindDefinition<StatusPayload> {
  const key = statuses.join(",");
  const cached = statusKinds.get(key);
  if (cached) return cached;
  const definition: KindDefinition<StatusPayload> = {
    kind: "status",
    method: "PUT",
    path: "/api/order/status",
    route: "/status",
    label: "Workflow status",
    title: "Update workflow status",
    navLabel: "Update status",
    intro:
      "Sets the workflow status of line items on one purchase order. If Spectrum cannot find any one recipe set ID, nothing in the order is updated.",
    submitLabel: "Update status",
    pendingLabel: "Updating…",
    schema: statusSchemaFor(statuses),
    toBody: toStatusBody,
    // The select starts empty so nobody sends a status they did not choose.
    columns: [
      {
        name: "workflowStatus",
        label: "Workflow status",
        id: "status",
        input: "select",
        options: workflowStatusOptions(statuses),
        placeholder: "Choose…",
      },
    ],
    // A new line inherits the previous line's status: orders usually move together.
    emptyLine: (previous) => ({ recipeSetReadableId: "", workflowStatus: previous?.workflowStatus ?? "" }),
    setAll: { column: "workflowStatus", label: "Set all lines to", placeholder: "Choose a status for every line…" },
    valueHeader: "Workflow status",
    lineValue: (line) => line.workflowStatus ?? "",
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
