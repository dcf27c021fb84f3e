import "server-only";
import { countAttention } from "@/lib/db/attention";
import { submissionSchema } from "@/lib/schemas/submission";
import type { KindDefinition, LineFormValues } from "@/lib/spectrum/kinds";
import { submitToSpectrum } from "@/lib/spectrum/submit";
import { validatedAction } from "./validated-action";

/**
 * The server action that sends one purchase order of a kind: validated again with the kind's schema (never
 * trusting the browser), then through the one send path with its write-ahead audit.
 */
export function sendAction<P extends LineFormValues>(kind: KindDefinition<P>) {
  return validatedAction(
    "submission:send",
    submissionSchema(kind.schema),
    async ({ idempotencyKey, resubmitOfId, confirmedWarnings, payload }, operator) => {
      const result = await submitToSpectrum({
        kind: kind.kind,
        idempotencyKey,
        resubmitOfId,
        operator,
        confirmedWarnings,
        purchaseOrderNumber: payload.purchaseOrderNumber,
        body: kind.toBody(payload),
      });
      // Not revalidatePath: re-rendering the whole page into every action's response cost ~10 ms a send. The one
      // figure the open page shows that a send changes, the attention count, comes back with the result instead.
      if (result.ok) result.data.attentionCount = await countAttention().catch(() => undefined);
      return result;
    },
    {
      name: `send:${kind.kind}`,
      stripPrefix: "payload",
      invalidMessage: "Some fields need attention. Nothing was sent to Spectrum.",
      errorMessage: "Something went wrong on the server. Check Recent submissions before trying again.",
      databaseMessage:
        "The audit log cannot be read or written right now, so nothing was sent to Spectrum. Try again in a minute; if it keeps happening, tell an admin.",
    },
  );
}
