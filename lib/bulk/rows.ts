import type { KindDefinition, SpectrumBody } from "@/lib/spectrum/kinds";
import { MAX_LINE_ITEMS } from "@/lib/schemas/limits";
import { BULK_COLUMNS, type BulkField, type ColumnMapping } from "./columns";

/**
 * A bulk send's rows validated and grouped: one group per purchase order (one Spectrum call), each validated with
 * the kind's own schema (the one the form and the send action use), so a row is refused here exactly when the form
 * would refuse it. A purchase order with any invalid row is blocked as a whole: Spectrum applies an order all or
 * nothing, so half an order is never sent. Pure: the page's web worker and the server action both run it.
 */

export type CellErrors = Partial<Record<BulkField, string[]>>;

export interface BulkLine {
  /** the row's number in the upload (the header is row 1) */
  row: number;
  /** the row's cells as uploaded */
  cells: string[];
  /** the mapped fields, as read */
  values: Partial<Record<BulkField, string>>;
  errors: CellErrors;
}

export interface BulkGroup {
  purchaseOrderNumber: string;
  lines: BulkLine[];
  /** why the purchase order cannot be sent (naming the row), or null when it is ready */
  blocked: string | null;
  /** the body to send when it is ready */
  body: SpectrumBody | null;
}

export interface BulkPreview {
  groups: BulkGroup[];
  counts: {
    rows: number;
    purchaseOrders: number;
    ready: number;
    blocked: number;
    readyRows: number;
    blockedRows: number;
  };
}

/** Excel's display of a long number (1.23457E+11): the digits past the sixth are lost for good. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;
export const scientificMessage = (label: string, value: string) =>
  `${label} ${value} is in Excel's scientific notation: its digits are lost. Format the column as Text in Excel and copy it again.`;

/** How a status is often typed in a spreadsheet ("In progress", "Completed ") read as Spectrum's name. */
const normaliseStatus = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");

/** Validates and groups `rows` (cells of the data rows, the header excluded) mapped by `mapping`. */
export function buildPreview(kind: KindDefinition, rows: readonly string[][], mapping: ColumnMapping): BulkPreview {
  const columns = BULK_COLUMNS[kind.kind];
  const groups = new Map<string, BulkGroup>();
  rows.forEach((cells, index) => {
    const values: Partial<Record<BulkField, string>> = {};
    for (const column of columns) {
      const at = mapping[column.field];
      if (at === undefined) continue;
      const raw = cells[at] ?? "";
      values[column.field] = column.field === "workflowStatus" ? normaliseStatus(raw) : raw;
    }
    const line: BulkLine = { row: index + 2, cells, values, errors: {} };
    for (const column of columns) {
      const value = values[column.field]?.trim() ?? "";
      if (SCIENTIFIC.test(value) && column.field !== "serialNumbers")
        (line.errors[column.field] ??= []).push(scientificMessage(column.label, value));
    }
    const po = (values.purchaseOrderNumber ?? "").trim();
    let group = groups.get(po);
    if (!group) groups.set(po, (group = { purchaseOrderNumber: po, lines: [], blocked: null, body: null }));
    group.lines.push(line);
  });

  const counts = { rows: rows.length, purchaseOrders: groups.size, ready: 0, blocked: 0, readyRows: 0, blockedRows: 0 };
  for (const group of groups.values()) {
    validateGroup(kind, group);
    if (group.blocked) {
      counts.blocked++;
      counts.blockedRows += group.lines.length;
    } else {
      counts.ready++;
      counts.readyRows += group.lines.length;
    }
  }
  return { groups: [...groups.values()], counts };
}

function validateGroup(kind: KindDefinition, group: BulkGroup) {
  const lineFields = BULK_COLUMNS[kind.kind].filter((c) => c.field !== "purchaseOrderNumber").map((c) => c.field);
  const parsed = kind.schema.safeParse({
    purchaseOrderNumber: group.lines[0]?.values.purchaseOrderNumber ?? "",
    lineItems: group.lines.map((line) => Object.fromEntries(lineFields.map((f) => [f, line.values[f] ?? ""]))),
  });
  let groupError: string | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index, field] = issue.path;
      if (first === "purchaseOrderNumber") {
        for (const line of group.lines) (line.errors.purchaseOrderNumber ??= []).push(issue.message);
      } else if (first === "lineItems" && typeof index === "number" && typeof field === "string") {
        const line = group.lines[index];
        if (line) (line.errors[field as BulkField] ??= []).push(issue.message);
      } else if (first === "lineItems" && group.lines.length > MAX_LINE_ITEMS) {
        groupError = `${group.lines.length} rows for this purchase order: Spectrum takes at most ${MAX_LINE_ITEMS} line items in one call. Split the order's rows and send them separately.`;
      } else {
        groupError ??= issue.message;
      }
    }
  }
  const invalid = group.lines.filter((line) => Object.keys(line.errors).length > 0);
  if (invalid.length > 0) {
    const first = invalid[0]!;
    const message = Object.values(first.errors).flat()[0] ?? "has an error";
    const others = invalid.length > 1 ? ` (and ${invalid.length - 1} other row${invalid.length > 2 ? "s" : ""})` : "";
    group.blocked = `Blocked: row ${first.row}${others}: ${message}. Nothing of this purchase order is sent.`;
  } else if (groupError) {
    group.blocked = `Blocked: ${groupError}`;
  } else if (parsed.success) {
    group.body = kind.toBody(parsed.data);
  } else {
    group.blocked = "Blocked: this purchase order did not pass validation.";
  }
}
