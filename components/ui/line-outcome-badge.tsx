import type { LineOutcome } from "@/lib/spectrum/types";
import { Badge, type BadgeStyle } from "./badge";

/** Exhaustive: a new line outcome breaks the build until it is given a label here. */
export const LINE_OUTCOME_STYLES: Record<LineOutcome, BadgeStyle> = {
  pending: { label: "Pending", tone: "neutral", description: "Waiting for Spectrum" },
  updated: { label: "Updated", tone: "good", description: "Spectrum updated this line item" },
  not_found: { label: "Not found", tone: "bad", description: "Spectrum could not find this recipe set ID" },
  not_applied: {
    label: "Not applied",
    tone: "muted",
    description: "Spectrum rejected the whole order because of another line",
  },
  failed: { label: "Failed", tone: "bad", description: "Not updated" },
  unknown: { label: "Unknown", tone: "warn", description: "Spectrum may or may not have applied it" },
};

/** One line item's outcome. */
export function LineOutcomeBadge({ outcome }: { outcome: LineOutcome }) {
  return <Badge style={LINE_OUTCOME_STYLES[outcome]} />;
}
