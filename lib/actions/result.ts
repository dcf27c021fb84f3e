import type { z } from "zod";

/** Field errors keyed by the form's field name, e.g. "lineItems.0.recipeSetReadableId". */
export type FieldErrors = Record<string, string[]>;

/** What every server action returns. Never a raw error or stack. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors };

/**
 * Zod issues as dotted paths, so nested line-item errors land on the right field
 * (z.flattenError keeps only the first path segment). `stripPrefix` drops a wrapper key such as "payload".
 */
export function toFieldErrors(error: z.ZodError, stripPrefix?: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    let path = issue.path.map(String);
    if (stripPrefix && path[0] === stripPrefix) path = path.slice(1);
    const key = path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
