/** What a form page starts with: a resubmitted submission's lines, or a demo order's IDs (values as the form edits them). */
export interface FormInitial {
  purchaseOrderNumber?: string;
  lineItems?: Partial<Record<string, string>>[];
}

/** Reads ?po=…&ids=A,B from a form page's URL (links from the home page's demo orders). */
export function prefillFromSearchParams(params: Record<string, string | string[] | undefined>) {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const po = first(params.po)?.trim().slice(0, 64);
  const ids = first(params.ids)
    ?.split(/[\s,;]+/)
    .map((s) => s.trim().slice(0, 64))
    .filter(Boolean)
    .slice(0, 200);
  return { purchaseOrderNumber: po, lineItems: ids?.map((recipeSetReadableId) => ({ recipeSetReadableId })) };
}

/**
 * Form values for resending a submission: exactly the body that was sent (serial numbers as the text the
 * form edits). Returns null when the stored body cannot be read.
 */
export function prefillFromRequestBody(requestBody: string) {
  try {
    const body = JSON.parse(requestBody) as {
      purchaseOrderNumber?: unknown;
      lineItems?: {
        recipeSetReadableId?: unknown;
        shipmentTracking?: unknown;
        serialNumbers?: unknown;
        workflowStatus?: unknown;
      }[];
    };
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      purchaseOrderNumber: str(body.purchaseOrderNumber),
      lineItems: (Array.isArray(body.lineItems) ? body.lineItems : []).map((l) => ({
        recipeSetReadableId: str(l.recipeSetReadableId),
        shipmentTracking: str(l.shipmentTracking),
        serialNumbers: Array.isArray(l.serialNumbers)
          ? l.serialNumbers.filter((s) => typeof s === "string").join(", ")
          : undefined,
        workflowStatus: str(l.workflowStatus),
      })),
    };
  } catch {
    return null;
  }
}
