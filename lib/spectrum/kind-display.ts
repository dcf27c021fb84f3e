import { WORKFLOW_STATUSES, workflowStatusOptions, type SubmissionKind, type WorkflowStatus } from "./types";

/**
 * What the pages and the browser need of each kind: route, labels, the form's columns and empty lines, how a line's
 * value reads. lib/spectrum/kinds.ts adds each kind's schema and body builder to these; components import this
 * module, so no page's JavaScript carries zod for a label. Pure and browser-safe.
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

/** One column of a line item after the recipe set ID, which every kind has first. */
export type LineColumn = {
  name: string;
  label: string;
  /** suffix of the input's id: lineItems-N-<id> */ id: string;
} &
  /** `copyToAll`: the label of a button that copies line 1's value to every line (one parcel, many lines) */
  (
    | { input: "text"; copyToAll?: string; carrierHint?: boolean }
    /** free text split into a list (commas, spaces, new lines), counted as `itemName`s */
    | { input: "list"; placeholder: string; itemName: string }
    | { input: "select"; options: readonly { value: string; label: string }[]; placeholder: string }
  );

export interface KindDisplay {
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

const tracking: KindDisplay = {
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
  columns: [
    {
      name: "shipmentTracking",
      label: "Tracking number",
      id: "tracking",
      input: "text",
      copyToAll: "Use line 1's tracking number on every line",
      // a label under the field with the carrier its format belongs to (lib/spectrum/carrier.ts)
      carrierHint: true,
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

/** The status kind's display for a list of workflow statuses (the configured list; the default eight). */
export function statusDisplay(statuses: readonly WorkflowStatus[]): KindDisplay {
  const key = statuses.join(",");
  const cached = statusDisplays.get(key);
  if (cached) return cached;
  const display: KindDisplay = {
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
  statusDisplays.set(key, display);
  return display;
}

const statusDisplays = new Map<string, KindDisplay>();
const status = statusDisplay(WORKFLOW_STATUSES);

export const KIND_DISPLAY: Record<SubmissionKind, KindDisplay> = { tracking, status };

/** One kind's display; the status kind with `workflowStatuses` (the configured list) when given. */
export function kindDisplay(
  kind: SubmissionKind,
  options: { workflowStatuses?: readonly WorkflowStatus[] } = {},
): KindDisplay {
  if (kind === "status" && options.workflowStatuses) return statusDisplay(options.workflowStatuses);
  return KIND_DISPLAY[kind];
}
