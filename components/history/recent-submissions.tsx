import Link from "next/link";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { KINDS } from "@/lib/spectrum/kinds";
import type { RecentSubmissionDto } from "@/lib/submission-model";
import { LocalTime } from "./local-time";
import { Table } from "@/components/ui/table";

export function RecentSubmissions({ rows }: { rows: RecentSubmissionDto[] }) {
  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        No submissions yet.{" "}
        <Link href={KINDS.tracking.route} className="font-medium text-blue-800 underline">
          Send tracking
        </Link>{" "}
        or{" "}
        <Link href={KINDS.status.route} className="font-medium text-blue-800 underline">
          update a status
        </Link>
        : every submission and Spectrum&apos;s answer will be listed here.
      </div>
    );
  }
  return (
    <Table
      caption="Most recent submissions, newest first"
      columns={[
        "#",
        "Time",
        "Kind",
        "Purchase order",
        { key: "lines", label: "Lines", align: "right" },
        "Outcome",
        { key: "http", label: "HTTP", align: "right" },
        "Message",
      ]}
      data-testid="recent-submissions"
    >
      {rows.map((row) => (
        <tr key={row.id} className="border-t border-slate-100 align-top" data-state={row.state}>
          <td className="px-3 py-2 tabular-nums">
            <Link href={`/history/${row.id}`} className="text-blue-800 underline" aria-label={`Submission ${row.id}`}>
              {row.id}
            </Link>
          </td>
          <td className="px-3 py-2 whitespace-nowrap tabular-nums">
            <LocalTime iso={row.createdAt} />
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
    </Table>
  );
}
