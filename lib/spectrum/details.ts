/**
 * Reads the recipe set IDs out of Spectrum's not-found details, e.g.
 * "Unable to find recipeSetReadableId(s): MUEMVK2U, ABCD1234."
 * The separator between several IDs is not documented, so commas, semicolons, whitespace and "and" are all
 * accepted. Returns null when the text is not a not-found message at all.
 */
export function parseNotFoundIds(details: string | null | undefined): string[] | null {
  if (!details) return null;
  const match = /unable\s+to\s+find\s+recipe\s*set\s*readable\s*ids?(?:\s*\(s\))?\s*[:\-]?\s*([\s\S]*)$/i.exec(details);
  if (!match) return null;
  // The list ends at the end of the sentence: "A, B." or "A, B. Please check the order."
  const list = (match[1] ?? "").split(/\.(?:\s|$)/)[0] ?? "";
  const ids = list
    .split(/[\s,;|]+/)
    .map((s) => s.replace(/^["'[(]+|["')\].]+$/g, ""))
    .filter((s) => /[A-Za-z0-9]/.test(s) && !/^and$/i.test(s));
  return [...new Set(ids)];
}
