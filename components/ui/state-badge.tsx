import type { SubmissionState } from "@/lib/spectrum/types";
import { Badge, type BadgeStyle } from "./badge";

/** Exhaustive: a new state breaks the build until it is given a label here. */
export const SUBMISSION_STATE_STYLES: Record<SubmissionState, BadgeStyle> = {
  pending: { label: "Pending", tone: "neutral", description: "Waiting for Spectrum's answer" },
  succeeded: { label: "Succeeded", tone: "good", description: "Spectrum updated every line item" },
  rejected: {
    label: "Rejected",
    tone: "bad",
    description: "Spectrum could not find one or more line items; nothing was updated",
  },
  failed: { label: "Failed", tone: "bad", description: "Spectrum did not update the order" },
  unknown: {
    label: "Unknown",
    tone: "warn",
    description: "No answer from Spectrum: it may or may not have applied the update",
  },
  interrupted: {
    label: "Interrupted",
    tone: "warn",
    description: "The dashboard stopped before Spectrum's answer was recorded",
  },
};

/** A submission's state (shown to users as its "outcome"). */
export function SubmissionStateBadge({ state }: { state: SubmissionState }) {
  return <Badge style={SUBMISSION_STATE_STYLES[state]} />;
}
