import type { SubmissionKind } from "@/lib/spectrum/types";

/**
 * The columns of a bulk send and how an upload's headers map onto them. Pure and browser-safe.
 */

export type BulkField =
  "purchaseOrderNumber" | "recipeSetReadableId" | "shipmentTracking" | "serialNumbers" | "workflowStatus";

export interface BulkColumn {
  field: BulkField;
  label: string;
  required: boolean;
  /** header names recognised for it, compared without case, spaces, "_", "-", "#" or "." */
  aliases: readonly string[];
}

const PO: BulkColumn = {
  field: "purchaseOrderNumber",
  label: "Purchase order number",
  required: true,
  aliases: ["po", "ponumber", "purchaseorder", "purchaseordernumber", "ordernumber", "order", "orderno", "pono"],
};
const RECIPE: BulkColumn = {
  field: "recipeSetReadableId",
  label: "Recipe set ID",
  required: true,
  aliases: ["recipesetid", "recipesetreadableid", "recipeset", "recipeid", "recipe"],
};

export const BULK_COLUMNS: Record<SubmissionKind, readonly BulkColumn[]> = {
  tracking: [
    PO,
    RECIPE,
    {
      field: "shipmentTracking",
      label: "Tracking number",
      required: true,
      aliases: ["tracking", "trackingnumber", "trackingno", "shipmenttracking", "trackingid"],
    },
    {
      field: "serialNumbers",
      label: "Serial numbers",
      required: false,
      aliases: ["serialnumber", "serialnumbers", "serial", "serials", "serialno"],
    },
  ],
  status: [
    PO,
    RECIPE,
    {
      field: "workflowStatus",
      label: "Workflow status",
      required: true,
      aliases: ["status", "workflowstatus", "workflow"],
    },
  ],
};

/** Which upload column (index) feeds each field; a field without one is left out. */
export type ColumnMapping = Partial<Record<BulkField, number>>;

const normalise = (header: string) => header.toLowerCase().replace(/[\s_\-#.()]/g, "");

/** Recognises the headers by their common names; the first matching header wins each field. */
export function recogniseColumns(kind: SubmissionKind, headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const names = headers.map(normalise);
  for (const column of BULK_COLUMNS[kind]) {
    const index = names.findIndex((name, i) => column.aliases.includes(name) && !Object.values(mapping).includes(i));
    if (index >= 0) mapping[column.field] = index;
  }
  return mapping;
}

/** A remembered mapping (by header name) applied to new headers; recognition fills what it does not cover. */
export function applyRememberedMapping(
  kind: SubmissionKind,
  headers: readonly string[],
  remembered: Partial<Record<BulkField, string>> | null,
): ColumnMapping {
  const mapping = recogniseColumns(kind, headers);
  if (!remembered) return mapping;
  for (const column of BULK_COLUMNS[kind]) {
    const name = remembered[column.field];
    if (name === undefined) continue;
    const index = headers.indexOf(name);
    if (index >= 0) mapping[column.field] = index;
  }
  return mapping;
}

/** The mapping by header name, to remember in the browser. */
export function mappingByName(mapping: ColumnMapping, headers: readonly string[]): Partial<Record<BulkField, string>> {
  const out: Partial<Record<BulkField, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [BulkField, number][]) {
    if (headers[index] !== undefined) out[field] = headers[index];
  }
  return out;
}

/** The required fields the mapping leaves without a column. */
export function missingColumns(kind: SubmissionKind, mapping: ColumnMapping): BulkColumn[] {
  return BULK_COLUMNS[kind].filter((c) => c.required && mapping[c.field] === undefined);
}

/** A template for the kind: its header row and one example row, as CSV. */
export function templateCsv(kind: SubmissionKind): string {
  const headers = BULK_COLUMNS[kind].map((c) => c.label);
  const example =
    kind === "tracking" ? ["PO-1001", "ABC123", "1Z999AA10123456784", "SN-1 SN-2"] : ["PO-1001", "ABC123", "completed"];
  return `${headers.join(",")}\r\n${example.join(",")}\r\n`;
}
