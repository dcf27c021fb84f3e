import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BatchProgress } from "@/components/bulk/batch-progress";
import { requirePageUser } from "@/lib/auth/session";
import { bulkCallsPerMinute } from "@/lib/bulk/runner";
import { getBatch } from "@/lib/db/batches";
import { controlBatchAction } from "../actions";

export const metadata: Metadata = { title: "Batch" };

/** /bulk/[id]: a batch's progress, live while it runs, with Pause, Resume, Cancel and the downloads. */
export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser("submission:send", `/bulk/${id}`);
  const batchId = Number(id);
  const batch = Number.isSafeInteger(batchId) && batchId > 0 ? await getBatch(batchId) : null;
  if (!batch) notFound();
  return <BatchProgress initial={batch} callsPerMinute={bulkCallsPerMinute()} control={controlBatchAction} />;
}
