import type { Metadata } from "next";
import { AttentionFiltersForm } from "@/components/history/attention-filters";
import { AttentionTable } from "@/components/history/attention-table";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listAttention } from "@/lib/db/attention";
import { parseAttentionFilters } from "@/lib/schemas/attention";

export const metadata: Metadata = { title: "Needs attention" };

export default async function AttentionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("history:read", "/history/attention");
  const canSend = can(user.role, "submission:send");
  const canResolve = can(user.role, "submission:resolve");
  const filters = parseAttentionFilters(await searchParams);
  const filtered = Boolean(filters.kind || filters.outcome);
  const items = await listAttention(200, filters);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Needs attention</h1>
        <p className="mt-1 text-sm text-slate-600">
          Submissions that failed, were rejected, ended unknown or were interrupted, and that nobody has resolved yet.
          Resubmit (edit first if Spectrum could not find an ID) or mark resolved with a note, one at a time or several
          selected together.
        </p>
      </div>
      <AttentionFiltersForm filters={filters} />
      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          {filtered
            ? "Nothing of this kind or outcome needs attention."
            : "Nothing needs attention. Failed, rejected, unknown and interrupted submissions appear here until someone resolves or resubmits them."}
        </div>
      ) : (
        <AttentionTable items={items} canSend={canSend} canResolve={canResolve} />
      )}
    </div>
  );
}
