import { Button, ButtonLink } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SUBMISSION_STATE_STYLES } from "@/components/ui/state-badge";
import type { AttentionFilters } from "@/lib/schemas/attention";
import { KINDS } from "@/lib/spectrum/kinds";
import { ATTENTION_STATES, SUBMISSION_KINDS } from "@/lib/spectrum/types";

const small = `${inputClass} py-1.5`;

/** The queue's filters and order: a plain GET form, so they live in the URL and work before hydration. */
export function AttentionFiltersForm({ filters }: { filters: AttentionFilters }) {
  const active = Boolean(filters.kind || filters.outcome || filters.sort);
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter the queue"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="a-kind" className="text-xs font-medium whitespace-nowrap text-slate-700">
          Kind
        </label>
        <select id="a-kind" name="kind" defaultValue={filters.kind ?? ""} className={small}>
          <option value="">All</option>
          {SUBMISSION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KINDS[k].label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="a-outcome" className="text-xs font-medium whitespace-nowrap text-slate-700">
          Outcome
        </label>
        <select id="a-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={small}>
          <option value="">All</option>
          {ATTENTION_STATES.map((s) => (
            <option key={s} value={s}>
              {SUBMISSION_STATE_STYLES[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="a-sort" className="text-xs font-medium whitespace-nowrap text-slate-700">
          Order
        </label>
        <select id="a-sort" name="sort" defaultValue={filters.sort ?? "newest"} className={small}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </div>
      <Button type="submit">Apply</Button>
      {active ? (
        <ButtonLink href="/history/attention" variant="secondary">
          Clear
        </ButtonLink>
      ) : null}
    </form>
  );
}
