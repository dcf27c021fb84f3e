import { withPermission } from "@/lib/auth/session";
import { iterateHistoryWithLines } from "@/lib/db/history";
import { csvRow } from "@/lib/csv";
import { parseHistoryFilters } from "@/lib/schemas/history-filters";
import { decodeSerialNumbers } from "@/lib/submission-model";

const CSV_COLUMNS = [
  "submission_id",
  "created_at",
  "completed_at",
  "operator_name",
  "operator_email",
  "environment",
  "kind",
  "purchase_order_number",
  // the submission's state, in the user's word
  "outcome",
  "http_status",
  "duration_ms",
  "spectrum_details",
  "resubmit_of",
  "line_position",
  "recipe_set_readable_id",
  "shipment_tracking",
  "serial_numbers",
  "workflow_status",
  "line_outcome",
  "line_message",
] as const;

/**
 * The filtered history as CSV, one row per line item with its submission's fields. Streamed batch by batch
 * (keyset pages of 500 submissions), so a large export never sits in memory.
 */
export const GET = withPermission("history:read", async (request) => {
  const filters = parseHistoryFilters(new URL(request.url).searchParams);
  const encoder = new TextEncoder();
  const batches = iterateHistoryWithLines(filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow([...CSV_COLUMNS])));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        let chunk = "";
        for (const { submission: s, lines } of next.value) {
          for (const line of lines) {
            chunk += csvRow([
              s.id,
              s.createdAt,
              s.completedAt,
              s.operatorName,
              s.operatorEmail,
              s.environment,
              s.kind,
              s.purchaseOrderNumber,
              s.state,
              s.httpStatus,
              s.durationMs,
              s.spectrumDetails,
              s.resubmitOfId,
              line.position + 1,
              line.recipeSetReadableId,
              line.shipmentTracking,
              decodeSerialNumbers(line.serialNumbers).join(" "),
              line.workflowStatus,
              line.outcome,
              line.message,
            ]);
          }
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="spectrum-submissions-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
