import { Button, ButtonLink } from "@/components/ui/button";
import type { AttentionFilters } from "@/lib/schemas/attention";
import { ATTENTION_STATES } from "@/lib/spectrum/types";
import { FilterField, filterInputClass, KindFilter, OutcomeFilter } from "./filter-fields";

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
      <KindFilter id="a-kind" value={filters.kind} />
      <OutcomeFilter id="a-outcome" value={filters.outcome} states={ATTENTION_STATES} />
      <FilterField id="a-sort" label="Order">
        <select id="a-sort" name="sort" defaultValue={filters.sort ?? "newest"} className={filterInputClass}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </FilterField>
      <Button type="submit">Apply</Button>
      {active ? (
        <ButtonLink href="/history/attention" variant="secondary">
          Clear
        </ButtonLink>
      ) : null}
    </form>
  );
}
