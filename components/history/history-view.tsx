"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { historySearchParams, parseHistoryFilters } from "@/lib/schemas/history-filters";
import { KINDS } from "@/lib/spectrum/kinds";
import type { HistoryPage } from "@/lib/submission-model";
import { formatDuration } from "./format";
import { LocalTime } from "./local-time";
import { HistoryFiltersForm } from "./history-filters";
import { cn } from "@/components/ui/cn";
import { Table } from "@/components/ui/table";

/** The canonical query for the URL's filters and page, so equal views share one cache entry. */
function canonical(params: URLSearchParams): string {
  const filters = parseHistoryFilters(params);
  return historySearchParams(filters, {
    before: params.get("before") ?? undefined,
    after: params.get("after") ?? undefined,
  }).toString();
}

async function fetchHistory(query: string): Promise<HistoryPage> {
  const res = await fetch(`/api/history?${query}`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as HistoryPage;
}

/**
 * The history list. Filters and page live in the URL (pushState, so back/forward work and a link reproduces
 * the view); pages are fetched with react-query, the previous page stays on screen while the next loads, and
 * the list refreshes itself while any shown submission is still pending.
 */
export function HistoryView({
  initialQuery,
  initialPage,
  environments,
  operators,
}: {
  initialQuery: string;
  initialPage: HistoryPage;
  environments: string[];
  operators: { name: string; email: string }[];
}) {
  const searchParams = useSearchParams();
  const query = canonical(new URLSearchParams(searchParams.toString()));
  const filters = parseHistoryFilters(new URLSearchParams(query));
  const result = useQuery({
    queryKey: ["history", query],
    queryFn: () => fetchHistory(query),
    initialData: query === initialQuery ? initialPage : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.rows.some((r) => r.state === "pending") ? 2_000 : false),
  });

  const navigate = (next: URLSearchParams) => {
    const qs = next.toString();
    window.history.pushState(null, "", qs ? `?${qs}` : window.location.pathname);
  };
  const goTo = (page: { before?: string; after?: string }) => navigate(historySearchParams(filters, page));
  const filtered = Object.values(filters).some(Boolean);
  const data = result.data;
  const loading = result.isFetching && (result.isPlaceholderData || !data);
  const exportHref = `/history/export${filtered ? `?${historySearchParams(filters).toString()}` : ""}`;

  return (
    <div className="flex flex-col gap-4">
      <HistoryFiltersForm
        key={historySearchParams(filters).toString()}
        filters={filters}
        environments={environments}
        operators={operators}
        onApply={navigate}
      />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span aria-live="polite" className="text-slate-600">
          {loading
            ? "Loading…"
            : data
              ? `${data.rows.length} submission${data.rows.length === 1 ? "" : "s"} on this page`
              : ""}
        </span>
        <a href={exportHref} className="ml-auto font-medium text-blue-800 underline" download>
          Export CSV
        </a>
      </div>

      {result.isError && !data ? (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          Could not load the history ({result.error.message}).{" "}
          <button type="button" className="font-semibold underline" onClick={() => void result.refetch()}>
            Try again
          </button>
        </div>
      ) : !data ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-500">Loading history…</div>
      ) : data.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          {filtered ? (
            <>
              No submission matches these filters.{" "}
              <button
                type="button"
                className="font-medium text-blue-800 underline"
                onClick={() => navigate(new URLSearchParams())}
              >
                Clear filters
              </button>
            </>
          ) : (
            "No submissions yet: everything sent to Spectrum from this dashboard will be listed here."
          )}
        </div>
      ) : (
        <Table
          caption="Submissions, newest first"
          columns={[
            "#",
            "Time",
            "Operator",
            "Environment",
            "Kind",
            "Purchase order",
            { key: "lines", label: "Lines", align: "right" },
            "Outcome",
            { key: "http", label: "HTTP", align: "right" },
            { key: "duration", label: "Duration", align: "right" },
          ]}
          frameProps={{ className: cn(loading && "opacity-60"), "aria-busy": loading }}
          data-testid="history-table"
        >
          {data.rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top hover:bg-slate-50" data-state={row.state}>
              <td className="px-3 py-2 tabular-nums">
                <Link
                  href={`/history/${row.id}`}
                  className="font-medium text-blue-800 underline"
                  aria-label={`Submission ${row.id}`}
                >
                  {row.id}
                </Link>
              </td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                <LocalTime iso={row.createdAt} />
              </td>
              <td className="px-3 py-2 text-slate-600">{row.operatorName ?? row.operatorEmail ?? "—"}</td>
              <td className="px-3 py-2">{row.environment}</td>
              <td className="px-3 py-2">{KINDS[row.kind].label}</td>
              <td className="px-3 py-2 font-mono">{row.purchaseOrderNumber}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.lineCount}</td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap items-center gap-1">
                  <SubmissionStateBadge state={row.state} />
                  {row.needsAttention ? (
                    <span className="text-xs font-medium text-red-700">needs attention</span>
                  ) : null}
                  {row.resolutionKind ? <span className="text-xs text-slate-500">resolved</span> : null}
                </div>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{row.httpStatus ?? "—"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatDuration(row.durationMs)}</td>
            </tr>
          ))}
        </Table>
      )}

      {data && (data.newer || data.older) ? (
        <nav aria-label="Pages" className="flex gap-2">
          <Button variant="secondary" disabled={!data.newer} onClick={() => data.newer && goTo({ after: data.newer })}>
            ← Newer
          </Button>
          <Button variant="secondary" disabled={!data.older} onClick={() => data.older && goTo({ before: data.older })}>
            Older →
          </Button>
          {data.newer ? (
            <Button variant="secondary" onClick={() => goTo({})}>
              Newest
            </Button>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
