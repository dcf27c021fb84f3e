/** Reads ?po=…&ids=A,B from a form page's URL (links from the home page's demo orders). */
export function prefillFromSearchParams(params: Record<string, string | string[] | undefined>) {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const po = first(params.po)?.trim().slice(0, 64);
  const ids = first(params.ids)
    ?.split(/[\s,;]+/)
    .map((s) => s.trim().slice(0, 64))
    .filter(Boolean)
    .slice(0, 200);
  return { purchaseOrderNumber: po, recipeSetReadableIds: ids };
}
