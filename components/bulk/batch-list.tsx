import Link from "next/link";
import { LocalTime } from "@/components/history/local-time";
import { Badge, type BadgeStyle } from "@/components/ui/badge";
import type { BatchState } from "@/lib/bulk/model";
import type { BatchListPage } from "@/lib/db/batch-list";

const STATE_BADGES: Record<BatchState, BadgeStyle> = {
  running: { label: "Running", tone: "neutral", description: "Being sent now" },
  paused: { label: "Paused", tone: "warn", description: "Nothing more is sent until someone resumes it" },
  cancelled: { label: "Cancelled", tone: "muted", description: "Stopped: what was not sent will not be" },
  done: { label: "Done", tone: "good", description: "Every purchase order has its outcome" },
};

/** The batches on /bulk, newest first, a page at a time (`?before=ID` / `?after=ID`). Stacks at phone width. */
export function BatchList({ page }: { page: BatchListPage }) {
  const paged = page.older !== null || page.newer !== null;
  return (
    <section aria-labelledby="batches-heading" className="flex flex-col gap-2">
      <h2 id="batches-heading" className="text-lg font-semibold">
        Batches
      </h2>
      {page.batches.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          {paged
            ? "No batches on this page."
            : "No batches yet: the batches sent from this page are listed here, newest first."}
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {page.batches.map((batch) => (
            <li
              key={batch.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
              data-testid="batch-row"
              data-batch={batch.id}
            >
              <Link href={`/bulk/${batch.id}`} className="font-medium text-blue-800 underline">
                Batch #{batch.id}
              </Link>
              <Badge style={STATE_BADGES[batch.state]} />
              <span>
                {batch.kind === "tracking" ? "Tracking" : "Workflow status"}, {batch.itemCount} purchase order
                {batch.itemCount === 1 ? "" : "s"}
              </span>
              <span className="min-w-0 wrap-anywhere text-slate-600">{batch.sourceName ?? "pasted cells"}</span>
              <span className="text-slate-600">by {batch.operatorName}</span>
              <LocalTime iso={batch.createdAt} className="text-slate-500 tabular-nums sm:ml-auto" />
            </li>
          ))}
        </ul>
      )}
      {paged ? (
        <nav aria-label="Batch pages" className="flex flex-wrap gap-4 text-sm">
          {page.newer !== null ? (
            <Link href={`/bulk?after=${page.newer}`} className="font-medium text-blue-800 underline">
              ← Newer batches
            </Link>
          ) : null}
          {page.older !== null ? (
            <Link href={`/bulk?before=${page.older}`} className="font-medium text-blue-800 underline">
              Older batches →
            </Link>
          ) : null}
          {page.newer !== null ? (
            <Link href="/bulk" className="font-medium text-blue-800 underline">
              Newest
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
