import type { Metadata } from "next";
import { BatchList } from "@/components/bulk/batch-list";
import { BulkUpload } from "@/components/bulk/bulk-upload";
import { requirePageUser } from "@/lib/auth/session";
import { listBatchPage } from "@/lib/db/batch-list";
import { env } from "@/lib/env.mjs";
import { configuredWorkflowStatuses } from "@/lib/spectrum/configured-kinds";
import { checkBulkWarningsAction, createBatchAction } from "./actions";

export const metadata: Metadata = { title: "Bulk send" };

/** A batch id cursor from the URL (`?before=ID`, `?after=ID`), or undefined. */
function cursorOf(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^\d{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 && id <= 2_147_483_647 ? id : undefined;
}

/** /bulk: rows from a spreadsheet, previewed and sent as a batch; the batches below, newest first, 20 a page. */
export default async function BulkPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("submission:send", "/bulk");
  const params = await searchParams;
  const before = cursorOf(params.before);
  const page = await listBatchPage(before !== undefined ? { before } : { after: cursorOf(params.after) });
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
      <BatchList page={page} />
    </div>
  );
}
