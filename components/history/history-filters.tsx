"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { SUBMISSION_STATE_STYLES } from "@/components/ui/state-badge";
import { historySearchParams, parseHistoryFilters, type HistoryFilters } from "@/lib/schemas/history-filters";
import { KINDS } from "@/lib/spectrum/kinds";
import { SUBMISSION_KINDS, SUBMISSION_STATES } from "@/lib/spectrum/types";
import { browserTimeZone } from "./format";

const small = `${inputClass} min-w-0 py-1.5`;

function Labelled({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium whitespace-nowrap text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

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
      <Labelled id="f-kind" label="Kind">
        <select id="f-kind" name="kind" defaultValue={filters.kind ?? ""} className={small}>
          <option value="">All</option>
          {SUBMISSION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KINDS[k].label}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="f-outcome" label="Outcome">
        <select id="f-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={small}>
          <option value="">All</option>
          {SUBMISSION_STATES.map((s) => (
            <option key={s} value={s}>
              {SUBMISSION_STATE_STYLES[s].label}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="f-environment" label="Environment">
        <select id="f-environment" name="environment" defaultValue={filters.environment ?? ""} className={small}>
          <option value="">All</option>
          {environments.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="f-operator" label="Operator">
        <select id="f-operator" name="operator" defaultValue={filters.operator ?? ""} className={small}>
          <option value="">Anyone</option>
          {operators.map((o) => (
            <option key={o.email} value={o.email}>
              {o.name}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="f-from" label="From">
        <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} className={small} />
      </Labelled>
      <Labelled id="f-to" label="To">
        <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} className={small} />
      </Labelled>
      <Labelled id="f-po" label="Purchase order">
        <input
          id="f-po"
          name="po"
          defaultValue={filters.po ?? ""}
          placeholder="Starts with…"
          className={`${small} font-mono`}
          autoComplete="off"
        />
      </Labelled>
      <Labelled id="f-recipe" label="Recipe set ID">
        <input
          id="f-recipe"
          name="recipe"
          defaultValue={filters.recipe ?? ""}
          className={`${small} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </Labelled>
      <Labelled id="f-tracking" label="Tracking number">
        <input
          id="f-tracking"
          name="tracking"
          defaultValue={filters.tracking ?? ""}
          placeholder="Exact number"
          className={`${small} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </Labelled>
      <Labelled id="f-serial" label="Serial number">
        <input
          id="f-serial"
          name="serial"
          defaultValue={filters.serial ?? ""}
          placeholder="Exact number"
          className={`${small} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </Labelled>
      <Labelled id="f-q" label="Spectrum's details" className="col-span-2">
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Words…"
          className={small}
          autoComplete="off"
        />
      </Labelled>
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
