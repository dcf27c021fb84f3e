import "server-only";
import { loadEarlierLinesForOrders, loadSendGuard } from "@/lib/db/guard";
import { env } from "@/lib/env.mjs";
import type { SubmissionKind } from "@/lib/spectrum/types";
import { lineWarnings, type CandidateLine, type LineWarning } from "./warnings";

/**
 * The "already sent" warnings for a send as typed so far (the form's debounced check): one indexed query on the
 * audit log, no Spectrum call. The send repeats the same check on the server (lib/spectrum/submit.ts).
 */
export async function checkWarnings(input: {
  kind: SubmissionKind;
  purchaseOrderNumber: string;
  lines: readonly CandidateLine[];
}): Promise<LineWarning[]> {
  if (!input.purchaseOrderNumber || !input.lines.some((l) => l.recipeSetReadableId)) return [];
  const { earlier } = await loadSendGuard({
    kind: input.kind,
    purchaseOrderNumber: input.purchaseOrderNumber,
    environment: env.environmentName,
    endpoint: input.kind,
  });
  return lineWarnings({ kind: input.kind, lines: input.lines, earlier });
}

/**
 * The bulk preview's check: the same rules for many purchase orders, their earlier lines read with one query per
 * few hundred orders (loadEarlierLinesForOrders). Only orders with a warning are in the answer. No Spectrum call.
 */
export async function checkBulkWarnings(input: {
  kind: SubmissionKind;
  orders: readonly { purchaseOrderNumber: string; lines: readonly CandidateLine[] }[];
}): Promise<{ purchaseOrderNumber: string; warnings: LineWarning[] }[]> {
  const earlier = await loadEarlierLinesForOrders({
    kind: input.kind,
    environment: env.environmentName,
    purchaseOrderNumbers: input.orders.map((o) => o.purchaseOrderNumber),
  });
  const out: { purchaseOrderNumber: string; warnings: LineWarning[] }[] = [];
  for (const order of input.orders) {
    const lines = earlier.get(order.purchaseOrderNumber);
    if (!lines) continue;
    const warnings = lineWarnings({ kind: input.kind, lines: order.lines, earlier: lines });
    if (warnings.length > 0) out.push({ purchaseOrderNumber: order.purchaseOrderNumber, warnings });
  }
  return out;
}
