/** The forms' limits and the serial-number splitting, without zod: the forms use them as they render. Pure. */

/** better-auth's own password limits (lib/auth/auth.ts minPasswordLength; its default maximum). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Most line items one submission may carry. */
export const MAX_LINE_ITEMS = 200;
export const MAX_SERIAL_NUMBERS_PER_LINE = 100;

/** Splits pasted or typed serial numbers on commas, semicolons, whitespace and new lines. */
export function splitSerialNumbers(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
