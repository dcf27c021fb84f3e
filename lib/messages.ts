/**
 * Texts the audit log stores, shared by the application and scripts/seed.ts (which writes the same rows without
 * the server-only modules). Pure: no imports.
 */

/** A submission left pending by a crash, once recovery marks it interrupted. */
export const INTERRUPTED_MESSAGE =
  "Interrupted — outcome unknown: the dashboard stopped before Spectrum's answer was recorded. Check the order in Spectrum before resending.";

/** Each line item of an interrupted submission. */
export const INTERRUPTED_LINE_MESSAGE = "Outcome unknown: interrupted before Spectrum's answer was recorded";

/** The note of the resolution a successful resubmit writes for every earlier attempt that needed attention. */
export function resubmittedNote(resubmitId: number): string {
  return `Resubmitted as #${resubmitId}, which succeeded.`;
}
