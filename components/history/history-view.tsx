"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { historySearchParams, parseHistoryFilters } from "@/lib/schemas/history-filters";
import { KIND_DISPLAY as KINDS } from "@/lib/spectrum/kind-display";
import type { HistoryPage } from "@/lib/submission-model";
import { formatDuration } from "./format";
import { LocalTime } from "./local-time";
import { HistoryFiltersForm } from "./history-filters";
import { cn } from "@/components/ui/cn";
import { Table } from "@/components/ui/table";

const PROOF_DESCRIPTION =
  "Adds each row's audit chain sequence number and hash (audit_seq, audit_hash), so the file can be checked " +
  "against the audit log with npm run audit:verify -- --csv FILE";

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

/** A page fetched this recently is shown again without asking the server (back/forward, Newest). */
const FRESH_MS = 30_000;
/** Attempts before a page that cannot be loaded says so, and the waits between them. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000];

/**
 * The page of the history for `query`: the server's first page, then fetched. While another query loads, the
 * previous page stays on screen (`isPlaceholder`); pages are kept for FRESH_MS, refetched when the window
 * regains focus after that, and every 2 s while any shown submission is still pending.
 */
function useHistoryPage(query: string, initialQuery: string, initialPage: HistoryPage) {
  // The server's page counts as fetched when the view first runs its effect (`at` 0 until then).
  const cache = useRef(new Map([[initialQuery, { page: initialPage, at: 0 }]]));
  const [shown, setShown] = useState<{ query: string; page: HistoryPage } | undefined>(
    query === initialQuery ? { query, page: initialPage } : undefined,
  );
  const [error, setError] = useState<{ query: string; error: Error } | null>(null);
  const [fetching, setFetching] = useState(false);
  // Bumped to fetch the current query again (polling, focus, Try again).
  const [refresh, setRefresh] = useState(0);
  const forced = useRef(false);

  useEffect(() => {
    const cached = cache.current.get(query);
    if (cached?.at === 0) cached.at = Date.now();
    if (cached) setShown({ query, page: cached.page });
    const force = forced.current;
    forced.current = false;
    if (cached && !force && Date.now() - cached.at < FRESH_MS) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setFetching(true);
    const attempt = (n: number) =>
      fetchHistory(query).then(
        (page) => {
          if (cancelled) return;
          cache.current.set(query, { page, at: Date.now() });
          setShown({ query, page });
          setError(null);
          setFetching(false);
        },
        (e: unknown) => {
          if (cancelled) return;
          const delay = RETRY_DELAYS_MS[n];
          if (delay !== undefined) {
            timer = setTimeout(() => void attempt(n + 1), delay);
            return;
          }
          setError({ query, error: e instanceof Error ? e : new Error(String(e)) });
          setFetching(false);
        },
      );
    void attempt(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      setFetching(false);
    };
  }, [query, refresh]);

  const refetch = useCallback(() => {
    forced.current = true;
    setRefresh((n) => n + 1);
  }, []);
  const current = shown?.query === query ? shown.page : undefined;
  const failed = error?.query === query ? error.error : null;
  // A page that cannot be loaded is not covered up by the previous query's page.
  const data = current ?? (failed ? undefined : shown?.page);

  // Refresh while a shown submission is pending; on focus, when the page is no longer fresh.
  const pending = !!current?.rows.some((r) => r.state === "pending");
  useEffect(() => {
    if (!pending || fetching) return;
    const timer = setTimeout(refetch, 2_000);
    return () => clearTimeout(timer);
  }, [pending, fetching, current, refetch]);
  useEffect(() => {
    const onFocus = () => {
      const cached = cache.current.get(query);
      if (cached && Date.now() - cached.at >= FRESH_MS) refetch();
    };
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [query, refetch]);

  return { data, isPlaceholderData: !!data && !current, isFetching: fetching, error: failed, refetch };
}

/**
 * The history list. Filters and page live in the URL (pushState, so back/forward work and a link reproduces
 * the view); pages are fetched by useHistoryPage, the previous page stays on screen while the next loads, and
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
  const result = useHistoryPage(query, initialQuery, initialPage);

  const navigate = (next: URLSearchParams) => {
    const qs = next.toString();
    window.history.pushState(null, "", qs ? `?${qs}` : window.location.pathname);
  };
  const goTo = (page: { before?: string; after?: string }) => navigate(historySearchParams(filters, page));
  const filtered = Object.values(filters).some(Boolean);
  const data = result.data;
  const loading = result.isFetching && (result.isPlaceholderData || !data);
  const exportHref = `/history/export${filtered ? `?${historySearchParams(filters).toString()}` : ""}`;
  const proofHref = `/history/export?${new URLSearchParams([...historySearchParams(filters), ["proof", "1"]]).toString()}`;

  return (
    <div className="flex flex-col gap-4">
      {filters.batch ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">Only the submissions of</span>
          <span
            className="inline-flex items-center gap-1 rounded-full bg-blue-50 py-0.5 pr-1 pl-3 font-medium text-blue-900 ring-1 ring-blue-200"
            data-testid="batch-filter"
          >
            Batch #{filters.batch}
            <button
              type="button"
              className="rounded-full px-2 text-base leading-none hover:bg-blue-100"
              aria-label={`Remove the filter Batch #${filters.batch}`}
              onClick={() => navigate(historySearchParams({ ...filters, batch: undefined }))}
            >
              ×
            </button>
          </span>
        </div>
      ) : null}
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
        <span className="ml-auto flex flex-wrap justify-end gap-x-4 gap-y-1">
          <a href={exportHref} className="font-medium text-blue-800 underline" download>
            Export CSV
          </a>
          <a
            href={proofHref}
            className="font-medium text-blue-800 underline"
            title={PROOF_DESCRIPTION}
            aria-describedby="export-proof-description"
            download
          >
            Export CSV with proof
          </a>
          <span id="export-proof-description" className="sr-only">
            {PROOF_DESCRIPTION}
          </span>
        </span>
      </div>

      {result.error && !data ? (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          Could not load the history ({result.error.message}).{" "}
          <button type="button" className="font-semibold underline" onClick={result.refetch}>
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
