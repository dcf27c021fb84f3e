"use server";

import { sendAction } from "@/lib/actions/send-action";
import { KINDS } from "@/lib/spectrum/kinds";

/** POST /api/order/ship-notification for one purchase order. */
export const sendTrackingAction = sendAction(KINDS.tracking);

/** PUT /api/order/status for one purchase order. */
export const updateStatusAction = sendAction(KINDS.status);
