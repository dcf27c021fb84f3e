import "server-only";
import { checkWarnings } from "@/lib/guard/check";
import type { LineWarning } from "@/lib/guard/warnings";
import { orderLookupSchema, warningsCheckSchema } from "@/lib/schemas/guard";
import { lookupOrder, type OrderLookupResult } from "@/lib/spectrum/lookup-order";
import type { ActionResult } from "./result";
import { validatedAction } from "./validated-action";

/**
 * The form's debounced "already sent" check: input { kind, purchaseOrderNumber, lines: [{ recipeSetReadableId,
 * shipmentTracking?, workflowStatus? }] } as typed; output { warnings } (lib/guard/warnings.ts). Reads the audit
 * log only: no Spectrum call. Anyone who may read the history may ask.
 */
export function warningsCheckAction() {
  return validatedAction(
    "history:read",
    warningsCheckSchema,
    async (input): Promise<ActionResult<{ warnings: LineWarning[] }>> => ({
      ok: true,
      data: {
        warnings: await checkWarnings({
          kind: input.kind,
          purchaseOrderNumber: input.purchaseOrderNumber,
          lines: input.lines.map((l) => ({
            recipeSetReadableId: l.recipeSetReadableId,
            shipmentTracking: l.shipmentTracking ?? null,
            workflowStatus: l.workflowStatus ?? null,
          })),
        }),
      },
    }),
    { invalidMessage: "The order as typed could not be checked for earlier sends." },
  );
}

/**
 * "Look up in Spectrum": input { purchaseOrderNumber }; output OrderLookupResult. Calls Spectrum (read-only) with
 * the server's token, so it needs the send permission; counted by the rate limiter, recorded as a lookup.
 */
export function orderLookupAction() {
  return validatedAction(
    "submission:send",
    orderLookupSchema,
    (input, operator): Promise<ActionResult<OrderLookupResult>> => lookupOrder(input.purchaseOrderNumber, operator),
    {
      invalidMessage: "Check the purchase order number. Nothing was looked up.",
      errorMessage: "Something went wrong on the server while looking the order up. Try again.",
    },
  );
}
