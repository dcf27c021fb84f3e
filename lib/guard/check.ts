import "server-only";
import { loadSendGuard } from "@/lib/db/guard";
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
