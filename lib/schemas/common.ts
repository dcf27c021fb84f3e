import { z } from "zod";
import { findInvisible, invisibleMessage } from "./invisible";
import { MAX_LINE_ITEMS, MAX_SERIAL_NUMBERS_PER_LINE, splitSerialNumbers } from "./limits";

export { MAX_LINE_ITEMS, MAX_SERIAL_NUMBERS_PER_LINE, splitSerialNumbers };

/**
 * False when `value` holds a lone surrogate (half of an emoji or symbol, e.g. from a bad paste): it passes
 * everything else, then the database write fails.
 */
export function isWellFormedText(value: string): boolean {
  // String#isWellFormed is missing in browsers Next.js still supports (Firefox before 119); encodeURIComponent
  // throws on exactly the same strings.
  if (typeof value.isWellFormed === "function") return value.isWellFormed();
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

export const invalidCharacterMessage = (label: string) =>
  `${label} contains an invalid character (a broken emoji or symbol): retype it`;

/** Refuses invisible characters (lib/schemas/invisible.ts), naming the first one and where it is. */
function refuseInvisible(label: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const found = findInvisible(value);
    if (found) ctx.addIssue({ code: "custom", message: invisibleMessage(label, found) });
  };
}

/**
 * A trimmed, required, single-line text field with a length cap. Trimming removes Unicode spaces too (no-break,
 * ideographic…); invisible characters and broken ones are refused.
 */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .superRefine(refuseInvisible(label))
    .refine(isWellFormedText, { error: invalidCharacterMessage(label) });
}

/** A required text field that is one token: no spaces inside (an ID, a tracking number). */
export function requiredToken(label: string, max: number) {
  return requiredText(label, max).refine((v) => !/\s/.test(v), { error: `${label} must not contain spaces` });
}

export const purchaseOrderNumberSchema = requiredText("Purchase order number", 64);
export const recipeSetReadableIdSchema = requiredToken("Recipe set ID", 64);

/**
 * Wraps line items: at least one, at most MAX_LINE_ITEMS, and no recipe set ID twice in one submission
 * (Spectrum would treat the order as one update per ID; a duplicate is almost always a typing slip).
 */
export function lineItemsSchema<T extends z.ZodType<{ recipeSetReadableId: string }>>(item: T) {
  return z
    .array(item, { error: "Add at least one line item" })
    .min(1, { error: "Add at least one line item" })
    .max(MAX_LINE_ITEMS, { error: `At most ${MAX_LINE_ITEMS} line items per submission` })
    .superRefine((items, ctx) => {
      const seen = new Map<string, number>();
      items.forEach((line, index) => {
        const id = line.recipeSetReadableId;
        const first = seen.get(id);
        if (first === undefined) {
          seen.set(id, index);
        } else {
          ctx.addIssue({
            code: "custom",
            path: [index, "recipeSetReadableId"],
            message: `Duplicate recipe set ID: already on line ${first + 1}`,
          });
        }
      });
    });
}

/** Accepts the form's free text or an array (the action receives the parsed array) and yields a clean array. */
export const serialNumbersSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v.flatMap(splitSerialNumbers) : splitSerialNumbers(v)))
  .pipe(
    z
      .array(
        z
          .string()
          .max(100, { error: "Each serial number must be at most 100 characters" })
          .superRefine((v, ctx) => {
            const found = findInvisible(v);
            if (!found) return;
            ctx.addIssue({
              code: "custom",
              message: found.control
                ? "Serial numbers must not contain control characters"
                : invisibleMessage("Serial number", found),
            });
          })
          .refine(isWellFormedText, { error: invalidCharacterMessage("Serial number") }),
      )
      .max(MAX_SERIAL_NUMBERS_PER_LINE, { error: `At most ${MAX_SERIAL_NUMBERS_PER_LINE} serial numbers per line` })
      .refine((list) => new Set(list).size === list.length, { error: "A serial number is listed twice" }),
  );
