import Link from "next/link";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { KINDS } from "@/lib/spectrum/kinds";
import type { RecentSubmissionDto } from "@/lib/submission-model";
import { formatTime } from "./format";

export function RecentSubmissions({ rows }: { rows: RecentSubmissionDto[] }) {
  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        No submissions yet. <Link href={KINDS.tracking.route} className="font-medium text-blue-800 underline">Send tracking</Link> or{" "}
        <Link href={KINDS.status.route} className="font-medium text-blue-800 underline">update a status</Link>: every submission and
        Spectrum&apos;s answer will be listed here.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="recent-submissions">
        <caption className="sr-only">Most recent submissions, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">#</th>
            <th scope="col" className="px-3 py-2">Time (UTC)</th>
            <th scope="col" className="px-3 py-2">Kind</th>
            <th scope="col" className="px-3 py-2">Purchase order</th>
            <th scope="col" className="px-3 py-2 text-right">Lines</th>
            <th scope="col" className="px-3 py-2">Outcome</th>
            <th scope="col" className="px-3 py-2 text-right">HTTP</th>
            <th scope="col" className="px-3 py-2">Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top" data-state={row.state}>
              <td className="px-3 py-2 tabular-nums">
                <Link href={`/history/${row.id}`} className="text-blue-800 underline" aria-label={`Submission ${row.id}`}>
                  {row.id}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                <time dateTime={row.createdAt}>{formatTime(row.createdAt)}</time>
              </td>
              <td className="px-3 py-2">{KINDS[row.kind].label}</td>
              <td className="px-3 py-2 font-mono">{row.purchaseOrderNumber}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.lineCount}</td>
              <td className="px-3 py-2">
                <SubmissionStateBadge state={row.state} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{row.httpStatus ?? "—"}</td>
              <td className="max-w-md px-3 py-2 text-slate-700">{row.message ?? "Waiting for Spectrum…"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
