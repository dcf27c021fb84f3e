import type { Metadata } from "next";
import Link from "next/link";
import { formatTime } from "@/components/history/format";
import { ResolveForm } from "@/components/history/resolve-form";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listAttention } from "@/lib/db/attention";
import { KINDS } from "@/lib/spectrum/kinds";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Needs attention" };

export default async function AttentionPage() {
  const user = await requirePageUser("history:read", "/history/attention");
  const canSend = can(user.role, "submission:send");
  const canResolve = can(user.role, "submission:resolve");
  const items = await listAttention();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Needs attention</h1>
        <p className="mt-1 text-sm text-slate-600">
          Submissions that failed, were rejected, ended unknown or were interrupted, and that nobody has resolved yet.
          Resubmit (edit first if Spectrum could not find an ID) or mark resolved with a note.
        </p>
      </div>
      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          Nothing needs attention. Failed, rejected, unknown and interrupted submissions appear here until someone
          resolves or resubmits them.
        </div>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Submissions needing attention" data-testid="attention-list">
          {items.map((item) => (
            <li
              key={item.id}
              className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4"
              data-submission-id={item.id}
            >
              <div className="flex flex-wrap items-center gap-3">
                <Link href={`/history/${item.id}`} className="font-semibold text-blue-800 underline">
                  Submission #{item.id}
                </Link>
                <SubmissionStateBadge state={item.state} />
                <span className="text-sm text-slate-600">
                  {KINDS[item.kind].label} · <span className="font-mono">{item.purchaseOrderNumber}</span> ·{" "}
                  {item.lineCount} line{item.lineCount === 1 ? "" : "s"} · {item.environment} ·{" "}
                  <time dateTime={item.createdAt}>{formatTime(item.createdAt)}</time>
                  {item.resubmitOfId ? ` · resubmit of #${item.resubmitOfId}` : ""}
                </span>
              </div>
              <p className="text-sm">{item.message}</p>
              {item.notFoundIds.length > 0 ? (
                <p className="text-sm text-red-800">
                  Not found in Spectrum: <span className="font-mono">{item.notFoundIds.join(", ")}</span>
                </p>
              ) : null}
              <div className="flex flex-wrap items-start gap-2">
                {canSend ? (
                  <ButtonLink
                    href={`${KINDS[item.kind].route}?resubmit=${item.id}`}
                    aria-label={`Resubmit submission ${item.id}`}
                  >
                    Resubmit
                  </ButtonLink>
                ) : null}
                {canResolve ? <ResolveForm submissionId={item.id} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
