/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (= + - @ at the start) is prefixed
 * with an apostrophe, unless it is a plain number.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = csvText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A field's text before quoting: what a CSV parser reads back (empty for null; the formula guard applied). */
export function csvText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

export function csvRow(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
