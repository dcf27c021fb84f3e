import Papa from "papaparse";

/**
 * Reading a pasted or uploaded table for a bulk send (/bulk): papaparse, run in the page's web worker. Pure.
 * A UTF-8 BOM is dropped; the delimiter is guessed among tab, `;` and `,`; quoted fields and Windows line ends are
 * read as a spreadsheet writes them; empty lines are skipped.
 */

import { MAX_BULK_BYTES, MAX_BULK_ROWS } from "./parse-limits";

export { MAX_BULK_BYTES, MAX_BULK_ROWS };

export type ParsedTable =
  { ok: true; headers: string[]; rows: string[][]; delimiter: string } | { ok: false; message: string };

export const tooLargeMessage = (bytes: number) =>
  `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB: at most 10 MB can be read at once. Split it into smaller files.`;
export const tooManyRowsMessage = `More than ${MAX_BULK_ROWS.toLocaleString("en-US")} rows: split the file and send it in parts.`;

/**
 * Parses `text` (its size in bytes checked first); the first non-empty row is the header. `limits`: the upload's
 * (only the benchmark reads past them, to time 100,000 rows).
 */
export function parseTable(
  text: string,
  bytes = new TextEncoder().encode(text).length,
  limits = { maxBytes: MAX_BULK_BYTES, maxRows: MAX_BULK_ROWS },
): ParsedTable {
  if (bytes > limits.maxBytes) return { ok: false, message: tooLargeMessage(bytes) };
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!clean.trim()) return { ok: false, message: "There is nothing to read: paste cells or choose a file." };
  const result = Papa.parse<string[]>(clean, {
    delimitersToGuess: ["\t", ";", ","],
    skipEmptyLines: "greedy",
    // one more than allowed (and the header), so "too many" is known without reading the rest
    preview: limits.maxRows + 2,
  });
  const table = result.data;
  const [headers, ...rows] = table;
  if (!headers) return { ok: false, message: "There is nothing to read: paste cells or choose a file." };
  if (rows.length > limits.maxRows) return { ok: false, message: tooManyRowsMessage };
  const quoteError = result.errors.find((e) => e.type === "Quotes");
  if (quoteError) {
    return {
      ok: false,
      message: `Row ${(quoteError.row ?? 0) + 1}: a quoted field is not closed (a " without its pair).`,
    };
  }
  return { ok: true, headers: headers.map((h) => h.trim()), rows, delimiter: result.meta.delimiter };
}
