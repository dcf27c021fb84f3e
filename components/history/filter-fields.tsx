import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { SUBMISSION_STATE_STYLES } from "@/components/ui/state-badge";
import { KIND_DISPLAY as KINDS } from "@/lib/spectrum/kind-display";
import { SUBMISSION_KINDS, type SubmissionState } from "@/lib/spectrum/types";

/** A compact filter control: the history's and the queue's filter bars. */
export const filterInputClass = `${inputClass} min-w-0 py-1.5`;

export function FilterField({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
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

/** Kind (the URL's `kind`): all, or one. */
export function KindFilter({ id, value }: { id: string; value: string | undefined }) {
  return (
    <FilterField id={id} label="Kind">
      <select id={id} name="kind" defaultValue={value ?? ""} className={filterInputClass}>
        <option value="">All</option>
        {SUBMISSION_KINDS.map((k) => (
          <option key={k} value={k}>
            {KINDS[k].label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

/** Outcome (the URL's `outcome`), among `states`. */
export function OutcomeFilter({
  id,
  value,
  states,
}: {
  id: string;
  value: string | undefined;
  states: readonly SubmissionState[];
}) {
  return (
    <FilterField id={id} label="Outcome">
      <select id={id} name="outcome" defaultValue={value ?? ""} className={filterInputClass}>
        <option value="">All</option>
        {states.map((s) => (
          <option key={s} value={s}>
            {SUBMISSION_STATE_STYLES[s].label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}
