"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/validated-action";
import { orderStatusSchema, toOrderStatusBody } from "@/lib/schemas/order-status";
import { shipNotificationSchema, toShipNotificationBody } from "@/lib/schemas/ship-notification";
import { submissionSchema } from "@/lib/schemas/submission";
import { submitToSpectrum } from "@/lib/spectrum/submit";

/** POST /api/order/ship-notification for one purchase order. */
export const sendTrackingAction = validatedAction(
  "submission:send",
  submissionSchema(shipNotificationSchema),
  async ({ idempotencyKey, resubmitOfId, payload }, operator) => {
    const result = await submitToSpectrum({
      kind: "tracking",
      idempotencyKey,
      resubmitOfId,
      operator,
      purchaseOrderNumber: payload.purchaseOrderNumber,
      body: toShipNotificationBody(payload),
    });
    revalidatePath("/", "layout");
    return result;
  },
  { stripPrefix: "payload" },
);

/** PUT /api/order/status for one purchase order. */
export const updateStatusAction = validatedAction(
  "submission:send",
  submissionSchema(orderStatusSchema),
  async ({ idempotencyKey, resubmitOfId, payload }, operator) => {
    const result = await submitToSpectrum({
      kind: "status",
      idempotencyKey,
      resubmitOfId,
      operator,
      purchaseOrderNumber: payload.purchaseOrderNumber,
      body: toOrderStatusBody(payload),
    });
    revalidatePath("/", "layout");
    return result;
  },
  { stripPrefix: "payload" },
);
