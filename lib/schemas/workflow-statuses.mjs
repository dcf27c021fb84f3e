// Spectrum's workflow statuses, as plain data: lib/env.mjs (plain JavaScript, read at build and start) validates
// SPECTRUM_WORKFLOW_STATUSES against this list, and lib/schemas/status.ts builds the schemas from it.

/** Every workflow status Spectrum is known to accept, in the order of its newer status page. */
export const KNOWN_WORKFLOW_STATUSES = /** @type {const} */ ([
  "not-started",
  "in-progress",
  "in-progress-step-1",
  "completed",
  "revision",
  "on-hold",
  "approved",
  "released",
  "delivered",
  "cancelled",
]);

/** @typedef {(typeof KNOWN_WORKFLOW_STATUSES)[number]} KnownWorkflowStatus */

/** The eight statuses of the published status page: the default list. */
export const DEFAULT_WORKFLOW_STATUSES = /** @type {const} */ ([
  "not-started",
  "in-progress",
  "completed",
  "revision",
  "on-hold",
  "approved",
  "delivered",
  "cancelled",
]);

/**
 * Reads a comma-separated list of workflow statuses (SPECTRUM_WORKFLOW_STATUSES). Blank: the default eight.
 * Names are trimmed; an unknown or repeated name is an error naming it.
 * @param {string | undefined} text
 * @returns {{ ok: true, statuses: (typeof KNOWN_WORKFLOW_STATUSES)[number][] } | { ok: false, message: string }}
 */
export function parseWorkflowStatusList(text) {
  const names = (text ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return { ok: true, statuses: [...DEFAULT_WORKFLOW_STATUSES] };
  /** @type {readonly string[]} */
  const known = KNOWN_WORKFLOW_STATUSES;
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `unknown workflow status ${unknown.map((n) => JSON.stringify(n)).join(", ")}; known: ${KNOWN_WORKFLOW_STATUSES.join(", ")}`,
    };
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    return { ok: false, message: `lists ${[...new Set(repeated)].map((n) => JSON.stringify(n)).join(", ")} twice` };
  }
  return { ok: true, statuses: /** @type {(typeof KNOWN_WORKFLOW_STATUSES)[number][]} */ (names) };
}
