import type { LineOutcome, SubmissionKind, SubmissionState } from "@/lib/spectrum/types";

/**
 * "Already sent" rules: what the audit log says Spectrum may already have for each line of a send about to be made.
 * Pure and browser-safe: the server reads the earlier submissions of the purchase order (lib/db/guard.ts) and runs
 * these rules both for the form's debounced check and again, on the server, before every send.
 *
 * Only earlier submissions of the same kind, purchase order and environment are given. Per line (by recipe set ID):
 * - the newest earlier line that Spectrum confirmed (`succeeded`, line `updated`) is what Spectrum has:
 *   - tracking, same number: `already_sent` "Already sent on <date> by <operator> (#id)";
 *   - tracking, another number: `replaces_tracking` "Spectrum has <old number> from #id: sending replaces it";
 *   - status, the same status: `same_status` "Already <status> since <date> by <operator> (#id)";
 *   - status, away from delivered or cancelled: `status_backwards` "Spectrum has it <status> since … (#id): …";
 * - an attempt newer than that whose outcome is not known (`unknown`, `interrupted`, or still `pending`) may have
 *   been applied: `maybe_sent` "Maybe sent on <date> by <operator> (#id): …" (the newest such attempt).
 * Rejected and failed attempts changed nothing in Spectrum and give no warning.
 */

export const WARNING_CODES = [
  "already_sent",
  "replaces_tracking",
  "same_status",
  "status_backwards",
  "maybe_sent",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Statuses after which any other status is a step backwards. */
export const FINAL_WORKFLOW_STATUSES: readonly string[] = ["delivered", "cancelled"];

/** One line of an earlier submission, as the audit log holds it. */
export interface EarlierLine {
  submissionId: number;
  state: SubmissionState;
  /** ISO time the earlier submission was written */
  createdAt: string;
  operatorName: string | null;
  operatorEmail: string | null;
  recipeSetReadableId: string;
  shipmentTracking: string | null;
  workflowStatus: string | null;
  outcome: LineOutcome;
}

/** A line of the send about to be made (as typed: fields may be empty). */
export interface CandidateLine {
  recipeSetReadableId: string;
  shipmentTracking?: string | null;
  workflowStatus?: string | null;
}

export interface LineWarning {
  /**
   * Identifies this warning about this earlier submission: the form sends back the keys the operator confirmed,
   * and the server refuses a send if any current warning's key is not among them.
   */
  key: string;
  code: WarningCode;
  /** 0-based position of the line in the candidate */
  line: number;
  recipeSetReadableId: string;
  /** the sentence to show (times in UTC; `at` lets the browser show its own zone) */
  text: string;
  /** the earlier submission it is about */
  submissionId: number;
  at: string;
  operator: string | null;
  /** what Spectrum has (or may have) for the line: the earlier tracking number or status */
  previous: string | null;
}

const MAYBE_SENT_STATES: readonly SubmissionState[] = ["unknown", "interrupted", "pending"];

/** "23 Nov 2026, 14:02 UTC": the texts are made on the server, which does not know the reader's zone. */
export function formatWarningTime(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  return `${date}, ${time} UTC`;
}

const norm = (s: string | null | undefined) => (s ?? "").trim().toUpperCase();

function operatorOf(line: EarlierLine): string | null {
  return line.operatorName || line.operatorEmail || null;
}

function byWhom(line: EarlierLine): string {
  const who = operatorOf(line);
  return who ? ` by ${who}` : "";
}

/** The value a kind sends on a line. */
function valueOf(kind: SubmissionKind, line: { shipmentTracking?: string | null; workflowStatus?: string | null }) {
  return (kind === "tracking" ? line.shipmentTracking : line.workflowStatus)?.trim() || null;
}

/**
 * The warnings for each line of a send about to be made, given the earlier submissions of the same kind and
 * purchase order (any order). Lines without a recipe set ID get none; a line without a value (tracking number or
 * status not typed yet) gets only "maybe sent".
 */
export function lineWarnings(input: {
  kind: SubmissionKind;
  lines: readonly CandidateLine[];
  earlier: readonly EarlierLine[];
}): LineWarning[] {
  const { kind } = input;
  // Newest first: by time, then by id.
  const earlier = [...input.earlier].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.submissionId - a.submissionId,
  );
  const warnings: LineWarning[] = [];
  input.lines.forEach((candidate, position) => {
    const id = norm(candidate.recipeSetReadableId);
    if (!id) return;
    const history = earlier.filter((l) => norm(l.recipeSetReadableId) === id);
    const applied = history.find((l) => l.state === "succeeded" && l.outcome === "updated");
    const value = valueOf(kind, candidate);
    const warn = (code: WarningCode, about: EarlierLine, text: string) =>
      warnings.push({
        key: `${code}:${id}:${about.submissionId}`,
        code,
        line: position,
        recipeSetReadableId: candidate.recipeSetReadableId.trim(),
        text,
        submissionId: about.submissionId,
        at: about.createdAt,
        operator: operatorOf(about),
        previous: valueOf(kind, about),
      });

    if (applied && value) {
      const previous = valueOf(kind, applied);
      const when = formatWarningTime(applied.createdAt);
      if (kind === "tracking") {
        if (norm(previous) === norm(value)) {
          warn("already_sent", applied, `Already sent on ${when}${byWhom(applied)} (#${applied.submissionId})`);
        } else if (previous) {
          warn(
            "replaces_tracking",
            applied,
            `Spectrum has ${previous} from #${applied.submissionId}: sending replaces it`,
          );
        }
      } else if (previous === value) {
        warn("same_status", applied, `Already ${previous} since ${when}${byWhom(applied)} (#${applied.submissionId})`);
      } else if (previous && FINAL_WORKFLOW_STATUSES.includes(previous)) {
        warn(
          "status_backwards",
          applied,
          `Spectrum has it ${previous} since ${when} (#${applied.submissionId}): ${value} moves it backwards`,
        );
      }
    }

    const maybe = history.find(
      (l) =>
        MAYBE_SENT_STATES.includes(l.state) &&
        (!applied ||
          l.createdAt > applied.createdAt ||
          (l.createdAt === applied.createdAt && l.submissionId > applied.submissionId)),
    );
    if (maybe) {
      const previous = valueOf(kind, maybe);
      const what = previous ? `Spectrum may have ${previous}` : "it may have been applied";
      const why = maybe.state === "pending" ? "still waiting for Spectrum's answer" : "Spectrum's answer is unknown";
      warn(
        "maybe_sent",
        maybe,
        `Maybe sent on ${formatWarningTime(maybe.createdAt)}${byWhom(maybe)} (#${maybe.submissionId}): ${why}, so ${what}`,
      );
    }
  });
  return warnings;
}

/** The current warnings whose keys the operator has not confirmed. */
export function unconfirmedWarnings(current: readonly LineWarning[], confirmedKeys: readonly string[]): LineWarning[] {
  const confirmed = new Set(confirmedKeys);
  return current.filter((w) => !confirmed.has(w.key));
}

/** The refusal when a send has warnings nobody confirmed: nothing is sent. */
export function unconfirmedMessage(unconfirmed: readonly LineWarning[]): string {
  const list = unconfirmed.map((w) => `line ${w.line + 1} (${w.recipeSetReadableId}): ${w.text}`).join("; ");
  return `Not sent: ${unconfirmed.length === 1 ? "this warning needs" : `${unconfirmed.length} warnings need`} confirming first ("Send anyway"): ${list}. Nothing was sent to Spectrum.`;
}
