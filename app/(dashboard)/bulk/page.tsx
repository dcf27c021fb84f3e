import type { Metadata } from "next";
import Link from "next/link";
import { BulkUpload } from "@/components/bulk/bulk-upload";
import { requirePageUser } from "@/lib/auth/session";
import { listBatches } from "@/lib/db/batches";
import { env } from "@/lib/env.mjs";
import { configuredWorkflowStatuses } from "@/lib/spectrum/configured-kinds";
import { checkBulkWarningsAction, createBatchAction } from "./actions";

export const metadata: Metadata = { title: "Bulk send" };

/** /bulk: rows from a spreadsheet, previewed and sent as a batch; the newest batches below. */
export default async function BulkPage() {
  await requirePageUser("submission:send", "/bulk");
  const batches = await listBatches();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">Bulk send</h1>
        <p className="mt-1 text-sm text-slate-600">
          Tracking numbers or workflow statuses for many purchase orders at once, from a spreadsheet. Each purchase
          order is one call to Spectrum; an order with any invalid row is not sent at all.
        </p>
      </div>
      <BulkUpload
        workflowStatuses={configuredWorkflowStatuses()}
        target={{ name: env.environmentName, isProduction: env.isProduction }}
        createBatch={createBatchAction}
        checkWarnings={checkBulkWarningsAction}
      />
      {batches.length > 0 ? (
        <section>
          <h2 className="text-lg font-semibold">Batches</h2>
          <ul className="mt-2 flex flex-col gap-1 text-sm">
            {batches.map((batch) => (
              <li key={batch.id}>
                <Link href={`/bulk/${batch.id}`} className="text-blue-700 underline">
                  Batch #{batch.id}
                </Link>{" "}
                {batch.kind === "tracking" ? "tracking" : "workflow status"}, {batch.itemCount} purchase orders,{" "}
                {batch.sourceName ?? "pasted"}, by {batch.operatorName}: {batch.state}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
