"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { historySearchParams, parseHistoryFilters, type HistoryFilters } from "@/lib/schemas/history-filters";
import { SUBMISSION_STATES } from "@/lib/spectrum/types";
import { FilterField, filterInputClass, KindFilter, OutcomeFilter } from "./filter-fields";
import { browserTimeZone } from "./format";

/**
 * The history filters. They live in the URL: applying them pushes a history entry, so a link reproduces the
 * view and back/forward step through earlier filters. Re-mounted (keyed by the query) when the URL changes.
 */
export function HistoryFiltersForm({
  filters,
  environments,
  operators,
  onApply,
}: {
  filters: HistoryFilters;
  environments: string[];
  operators: { name: string; email: string }[];
  onApply: (query: URLSearchParams) => void;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const raw = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    // Dates are the user's calendar days: the server needs the browser's zone to know when they start.
    if (raw.from || raw.to) raw.tz = browserTimeZone();
    onApply(historySearchParams(parseHistoryFilters(raw)));
  };
  const active = Object.values(filters).some(Boolean);
  // Two rows of six at 1366 px: wide enough for every label and placeholder on one line.
  return (
    <form
      onSubmit={submit}
      role="search"
      aria-label="Filter history"
      className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-6"
    >
      <KindFilter id="f-kind" value={filters.kind} />
      <OutcomeFilter id="f-outcome" value={filters.outcome} states={SUBMISSION_STATES} />
      <FilterField id="f-environment" label="Environment">
        <select
          id="f-environment"
          name="environment"
          defaultValue={filters.environment ?? ""}
          className={filterInputClass}
        >
          <option value="">All</option>
          {environments.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="f-operator" label="Operator">
        <select id="f-operator" name="operator" defaultValue={filters.operator ?? ""} className={filterInputClass}>
          <option value="">Anyone</option>
          {operators.map((o) => (
            <option key={o.email} value={o.email}>
              {o.name}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="f-from" label="From">
        <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} className={filterInputClass} />
      </FilterField>
      <FilterField id="f-to" label="To">
        <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} className={filterInputClass} />
      </FilterField>
      <FilterField id="f-po" label="Purchase order">
        <input
          id="f-po"
          name="po"
          defaultValue={filters.po ?? ""}
          placeholder="Starts with…"
          className={`${filterInputClass} font-mono`}
          autoComplete="off"
        />
      </FilterField>
      <FilterField id="f-recipe" label="Recipe set ID">
        <input
          id="f-recipe"
          name="recipe"
          defaultValue={filters.recipe ?? ""}
          className={`${filterInputClass} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </FilterField>
      <FilterField id="f-tracking" label="Tracking number">
        <input
          id="f-tracking"
          name="tracking"
          defaultValue={filters.tracking ?? ""}
          placeholder="Exact number"
          className={`${filterInputClass} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </FilterField>
      <FilterField id="f-serial" label="Serial number">
        <input
          id="f-serial"
          name="serial"
          defaultValue={filters.serial ?? ""}
          placeholder="Exact number"
          className={`${filterInputClass} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </FilterField>
      <FilterField id="f-q" label="Spectrum's details" className="col-span-2">
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Words…"
          className={filterInputClass}
          autoComplete="off"
        />
      </FilterField>
      {/* Kept when other filters are applied; removed with its chip above the form. */}
      {filters.batch ? <input type="hidden" name="batch" value={filters.batch} /> : null}
      <div className="col-span-full flex gap-2">
        <Button type="submit">Apply filters</Button>
        {active ? (
          <Button variant="secondary" onClick={() => onApply(new URLSearchParams())}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
