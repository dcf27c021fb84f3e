import type { CandidateLine, LineWarning, WarningCode } from "@/lib/guard/warnings";
import type { BulkPreview } from "./rows";

/**
 * The bulk preview's warnings per row: the audit log's "already sent" rules (lib/guard/warnings.ts, asked of the
 * server a chunk of purchase orders at a time) and the carrier hint for tracking numbers. What each warning does
 * to the row follows the batch runner: lines Spectrum already has with the same value are skipped unless the batch
 * includes them; an order with any other warning is held, unless the batch includes rows already sent (which
 * confirms every warning). Pure and browser-safe.
 */

/** Warnings that make the runner skip the line (unless rows already sent are included). */
export const SKIP_CODES: readonly WarningCode[] = ["already_sent", "same_status"];

/** Purchase orders per call of the bulk warnings check, and lines per call, whichever is reached first. */
export const WARNINGS_CHUNK_ORDERS = 250;
export const WARNINGS_CHUNK_LINES = 2_500;

export interface WarningsCheckOrder {
  purchaseOrderNumber: string;
  lines: CandidateLine[];
}

/** The ready purchase orders of a preview as calls of the bulk warnings check (blocked orders are never sent). */
export function warningsCheckChunks(
  preview: BulkPreview,
  maxOrders = WARNINGS_CHUNK_ORDERS,
  maxLines = WARNINGS_CHUNK_LINES,
): WarningsCheckOrder[][] {
  const chunks: WarningsCheckOrder[][] = [];
  let current: WarningsCheckOrder[] = [];
  let lines = 0;
  for (const group of preview.groups) {
    if (group.blocked || !group.purchaseOrderNumber) continue;
    if (current.length > 0 && (current.length >= maxOrders || lines + group.lines.length > maxLines)) {
      chunks.push(current);
      current = [];
      lines = 0;
    }
    current.push({
      purchaseOrderNumber: group.purchaseOrderNumber,
      lines: group.lines.map((line) => ({
        recipeSetReadableId: (line.values.recipeSetReadableId ?? "").trim(),
        shipmentTracking: line.values.shipmentTracking?.trim() || null,
        workflowStatus: line.values.workflowStatus?.trim() || null,
      })),
    });
    lines += group.lines.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The audit-log warnings of the rows (by upload row number), from the check's answers per purchase order. */
export function warningsByRow(
  preview: BulkPreview,
  answers: readonly { purchaseOrderNumber: string; warnings: LineWarning[] }[],
): Map<number, LineWarning[]> {
  const groups = new Map(preview.groups.map((g) => [g.purchaseOrderNumber, g]));
  const out = new Map<number, LineWarning[]>();
  for (const answer of answers) {
    const group = groups.get(answer.purchaseOrderNumber);
    if (!group) continue;
    for (const warning of answer.warnings) {
      const line = group.lines[warning.line];
      if (!line) continue;
      const list = out.get(line.row) ?? [];
      list.push(warning);
      out.set(line.row, list);
    }
  }
  return out;
}

export type RowNoteTone = "skip" | "again" | "held" | "confirmed" | "carrier" | "info";

export interface RowNote {
  tone: RowNoteTone;
  text: string;
  /** counts as a warning (the Warnings count) */
  warning: boolean;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * What the preview says on each row of a purchase order: its audit warnings with what the batch will do about them,
 * and its carrier hint. `carriers` maps a tracking number (trimmed, upper case) to its carrier, null for a format
 * not recognised; a number not in it yet shows nothing.
 */
export function rowNotes(input: {
  lines: readonly { row: number; values: { shipmentTracking?: string } }[];
  warnings: ReadonlyMap<number, readonly LineWarning[]>;
  includeAlreadySent: boolean;
  carriers?: ReadonlyMap<string, string | null>;
}): Map<number, RowNote[]> {
  const { includeAlreadySent } = input;
  const byLine = input.lines.map((line) => input.warnings.get(line.row) ?? []);
  const skipped = byLine.map((ws) => ws.some((w) => SKIP_CODES.includes(w.code)));
  // The runner holds the whole order when a line it would send has another warning.
  const held =
    !includeAlreadySent && byLine.some((ws, i) => !skipped[i] && ws.some((w) => !SKIP_CODES.includes(w.code)));
  const out = new Map<number, RowNote[]>();
  input.lines.forEach((line, i) => {
    const notes: RowNote[] = [];
    for (const w of byLine[i]!) {
      if (SKIP_CODES.includes(w.code)) {
        notes.push(
          includeAlreadySent
            ? { tone: "again", text: `Will be sent again: ${lowerFirst(w.text)}`, warning: true }
            : { tone: "skip", text: `Skipped: ${lowerFirst(w.text)}`, warning: true },
        );
      } else if (includeAlreadySent) {
        notes.push({ tone: "confirmed", text: `Will be sent anyway: ${w.text}`, warning: true });
      } else if (!skipped[i]) {
        notes.push({
          tone: "held",
          text: `Held, not sent until confirmed at the form: ${w.text}`,
          warning: true,
        });
      }
    }
    if (held && notes.length === 0) {
      notes.push({ tone: "held", text: "Held with its purchase order (another row needs confirming)", warning: false });
    }
    const tracking = line.values.shipmentTracking?.trim();
    if (tracking && input.carriers?.has(tracking.toUpperCase())) {
      const carrier = input.carriers.get(tracking.toUpperCase());
      notes.push(
        carrier
          ? { tone: "info", text: `Carrier: ${carrier}`, warning: false }
          : { tone: "carrier", text: "Carrier: format not recognised", warning: true },
      );
    }
    if (notes.length > 0) out.set(line.row, notes);
  });
  return out;
}

/** Rows with at least one warning (the preview's Warnings count). */
export function countWarningRows(notes: ReadonlyMap<number, readonly RowNote[]>): number {
  let n = 0;
  for (const list of notes.values()) if (list.some((note) => note.warning)) n++;
  return n;
}
