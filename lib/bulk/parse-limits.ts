/** The bulk upload's limits, without papaparse or zod. Pure. */

/** Largest file or paste accepted. */
export const MAX_BULK_BYTES = 10 * 1024 * 1024;
/** Most data rows (after the header) accepted. */
export const MAX_BULK_ROWS = 50_000;
