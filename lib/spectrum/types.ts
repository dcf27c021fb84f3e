import { DEFAULT_WORKFLOW_STATUSES, type KNOWN_WORKFLOW_STATUSES } from "../schemas/workflow-statuses.mjs";

/** The two Spectrum calls this tool makes. */
export const SUBMISSION_KINDS = ["tracking", "status"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** A submission's state: "pending" until Spectrum's answer (or its absence) is recorded. */
export const SUBMISSION_STATES = ["pending", "succeeded", "rejected", "failed", "unknown", "interrupted"] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** Outcomes that put a submission in the "Needs attention" queue until resolved or resubmitted. */
export const ATTENTION_STATES = [
  "failed",
  "rejected",
  "unknown",
  "interrupted",
] as const satisfies readonly SubmissionState[];

/** The eight workflow statuses Spectrum documents, in its order. */
/**
 * The eight workflow statuses Spectrum documents, in its order: the default list. The statuses this server sends
 * are SPECTRUM_WORKFLOW_STATUSES (lib/env.mjs), any of KNOWN_WORKFLOW_STATUSES.
 */
export const WORKFLOW_STATUSES = DEFAULT_WORKFLOW_STATUSES;

/** Any status Spectrum is known to accept (its newer revision adds in-progress-step-1 and released). */
export type WorkflowStatus = (typeof KNOWN_WORKFLOW_STATUSES)[number];

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "in-progress-step-1": "In progress, step 1",
  completed: "Completed",
  revision: "Revision",
  "on-hold": "On hold",
  approved: "Approved",
  released: "Released",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

/** A select's options for a list of statuses: "In progress (in-progress)". */
export function workflowStatusOptions(statuses: readonly WorkflowStatus[]) {
  return statuses.map((value) => ({ value, label: `${WORKFLOW_STATUS_LABELS[value]} (${value})` }));
}

/** One line item's outcome. */
export const LINE_OUTCOMES = ["pending", "updated", "not_found", "not_applied", "failed", "unknown"] as const;
export type LineOutcome = (typeof LINE_OUTCOMES)[number];

/** What happened on the wire, before any interpretation. */
export type Exchange =
  | {
      type: "response";
      status: number;
      contentType: string | null;
      bodyText: string;
      /** the body was longer than the cap, or the connection broke while it was being read */
      truncated: boolean;
      durationMs: number;
    }
  /** Nothing reached Spectrum: DNS, refused connection, TLS failure, timeout while connecting. */
  | { type: "not-sent"; code: string; detail: string; durationMs: number }
  /** The request was sent but no answer came: Spectrum may or may not have applied it. */
  | {
      type: "no-response";
      reason: "timeout" | "reset";
      code: string;
      detail: string;
      durationMs: number;
      /** the configured limit that ran out (timeouts only) */
      timeoutMs?: number;
    };
