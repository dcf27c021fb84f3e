import { withPermission } from "@/lib/auth/session";
import { chainProofs } from "@/lib/audit-chain/proofs";
import { iterateHistoryWithLines } from "@/lib/db/history";
import { csvRow } from "@/lib/csv";
import { EXPORT_COLUMNS, exportCells, PROOF_COLUMNS } from "@/lib/history-export";
import { parseHistoryFilters } from "@/lib/schemas/history-filters";

/**
 * The filtered history as CSV, one row per line item with its submission's fields. Streamed batch by batch
 * (keyset pages of 500 submissions), so a large export never sits in memory. With `proof=1` each row also carries
 * its submission's audit chain entry (sequence number and hash): `npm run audit:verify -- --csv FILE` checks such
 * a file against the log.
 */
export const GET = withPermission("history:read", async (request) => {
  const params = new URL(request.url).searchParams;
  const filters = parseHistoryFilters(params);
  const proof = params.get("proof") === "1";
  const encoder = new TextEncoder();
  const batches = iterateHistoryWithLines(filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(proof ? [...EXPORT_COLUMNS, ...PROOF_COLUMNS] : [...EXPORT_COLUMNS])));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        const proofs = proof ? await chainProofs(next.value.map(({ submission }) => submission.id)) : null;
        let chunk = "";
        for (const { submission: s, lines } of next.value) {
          for (const line of lines)
            chunk += csvRow(exportCells(s, line, proofs ? (proofs.get(s.id) ?? null) : undefined));
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
      "Content-Disposition": `attachment; filename="spectrum-submissions-${stamp}${proof ? "-with-proof" : ""}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
