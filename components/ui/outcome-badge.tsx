import type { LineOutcome, SubmissionState } from "@/lib/spectrum/types";

const tones = {
  neutral: "bg-slate-100 text-slate-800 ring-slate-300",
  good: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  bad: "bg-red-100 text-red-900 ring-red-300",
  warn: "bg-amber-100 text-amber-900 ring-amber-300",
  muted: "bg-slate-50 text-slate-600 ring-slate-200",
} as const;

type Style = { label: string; tone: keyof typeof tones; description: string };

/** Exhaustive: a new state breaks the build until it is given a label here. */
export const SUBMISSION_STATE_STYLES: Record<SubmissionState, Style> = {
  pending: { label: "Pending", tone: "neutral", description: "Waiting for Spectrum's answer" },
  succeeded: { label: "Succeeded", tone: "good", description: "Spectrum updated every line item" },
  rejected: { label: "Rejected", tone: "bad", description: "Spectrum could not find one or more line items; nothing was updated" },
  failed: { label: "Failed", tone: "bad", description: "Spectrum did not update the order" },
  unknown: { label: "Unknown", tone: "warn", description: "No answer from Spectrum: it may or may not have applied the update" },
  interrupted: { label: "Interrupted", tone: "warn", description: "The dashboard stopped before Spectrum's answer was recorded" },
};

export const LINE_OUTCOME_STYLES: Record<LineOutcome, Style> = {
  pending: { label: "Pending", tone: "neutral", description: "Waiting for Spectrum" },
  updated: { label: "Updated", tone: "good", description: "Spectrum updated this line item" },
  not_found: { label: "Not found", tone: "bad", description: "Spectrum could not find this recipe set ID" },
  not_applied: { label: "Not applied", tone: "muted", description: "Spectrum rejected the whole order because of another line" },
  failed: { label: "Failed", tone: "bad", description: "Not updated" },
  unknown: { label: "Unknown", tone: "warn", description: "Spectrum may or may not have applied it" },
};

function Badge({ style }: { style: Style }) {
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tones[style.tone]}`}
      title={style.description}
    >
      {style.label}
    </span>
  );
}

export function StateBadge({ state }: { state: SubmissionState }) {
  return <Badge style={SUBMISSION_STATE_STYLES[state]} />;
}

export function LineOutcomeBadge({ outcome }: { outcome: LineOutcome }) {
  return <Badge style={LINE_OUTCOME_STYLES[outcome]} />;
}
