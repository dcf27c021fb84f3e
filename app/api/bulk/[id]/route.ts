import { withPermission } from "@/lib/auth/session";
import { getBatch } from "@/lib/db/batches";
import { batchResultsCsv, rowsToFixCsv } from "@/lib/bulk/results";

/**
 * A batch as JSON (the batch page polls it while it runs); `?download=results` every row with its outcome,
 * `?download=fix` the rows that did not succeed in the upload's own columns, as CSV.
 */
export const GET = withPermission(
  "history:read",
  async (request, _user, context: { params: Promise<{ id: string }> }) => {
    const id = Number((await context.params).id);
    const batch = Number.isSafeInteger(id) && id > 0 ? await getBatch(id) : null;
    if (!batch)
      return Response.json({ error: "No such batch" }, { status: 404, headers: { "Cache-Control": "no-store" } });
    const download = new URL(request.url).searchParams.get("download");
    if (download === "results" || download === "fix") {
      const csv = download === "results" ? batchResultsCsv(batch) : rowsToFixCsv(batch);
      const name = `batch-${batch.id}-${download === "results" ? "results" : "rows-to-fix"}.csv`;
      return new Response(`\uFEFF${csv}`, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${name}"`,
          "Cache-Control": "no-store",
        },
      });
    }
    return Response.json(batch, { headers: { "Cache-Control": "no-store" } });
  },
);
