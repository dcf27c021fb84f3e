/// <reference lib="webworker" />
import type { ColumnMapping } from "@/lib/bulk/columns";
import { MAX_BULK_BYTES } from "@/lib/bulk/parse-limits";
import { parseTable, tooLargeMessage } from "@/lib/bulk/parse";
import { buildPreview } from "@/lib/bulk/rows";
import type { WorkflowStatus } from "@/lib/schemas/status";
import { kindDefinition } from "@/lib/spectrum/kinds";
import type { SubmissionKind } from "@/lib/spectrum/types";

/**
 * The bulk page's worker: reads the file or pasted cells with papaparse, then validates and groups the rows with
 * the kinds' schemas, off the page's thread so a large file never freezes it.
 */
export type BulkWorkerRequest =
  | { id: number; type: "parse"; file?: File; text?: string }
  | {
      id: number;
      type: "preview";
      kind: SubmissionKind;
      workflowStatuses: WorkflowStatus[];
      rows: string[][];
      mapping: ColumnMapping;
    }
  /** the carrier of each tracking number (trimmed, upper case), null for a format not recognised */
  | { id: number; type: "carriers"; values: string[] };

type CarrierModule = typeof import("@/lib/spectrum/carrier");
let carrierModule: Promise<CarrierModule> | null = null;
/** The detectors (ts-tracking-number) are fetched with the first tracking numbers to check, not with the page. */
const loadCarrier = () =>
  (carrierModule ??= import("@/lib/spectrum/carrier").catch((error: unknown) => {
    carrierModule = null;
    throw error;
  }));

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<BulkWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "parse") {
      if (request.file && request.file.size > MAX_BULK_BYTES) {
        scope.postMessage({ id: request.id, result: { ok: false, message: tooLargeMessage(request.file.size) } });
        return;
      }
      const text = request.file ? await request.file.text() : (request.text ?? "");
      scope.postMessage({ id: request.id, result: parseTable(text, request.file?.size) });
    } else if (request.type === "carriers") {
      const { detectCarrier } = await loadCarrier();
      const result: [string, string | null][] = request.values.map((value) => [value, detectCarrier(value)]);
      scope.postMessage({ id: request.id, result });
    } else {
      const kind = kindDefinition(request.kind, { workflowStatuses: request.workflowStatuses });
      scope.postMessage({ id: request.id, result: buildPreview(kind, request.rows, request.mapping) });
    }
  } catch (error) {
    scope.postMessage({
      id: request.id,
      result: { ok: false, message: `The rows could not be read: ${error instanceof Error ? error.message : error}` },
    });
  }
};
