"use server";

import { orderLookupAction, warningsCheckAction } from "@/lib/actions/guard-actions";
import { sendAction } from "@/lib/actions/send-action";
import { env } from "@/lib/env.mjs";
import { KINDS, statusKind } from "@/lib/spectrum/kinds";

/** POST /api/order/ship-notification for one purchase order. */
export const sendTrackingAction = sendAction(KINDS.tracking);

/** PUT /api/order/status for one purchase order, with the configured statuses (SPECTRUM_WORKFLOW_STATUSES). */
export const updateStatusAction = sendAction(statusKind(env.workflowStatuses));

/** The form's debounced "already sent" check: audit log only, no Spectrum call. */
export const checkWarningsAction = warningsCheckAction();

/** "Look up in Spectrum": GET /api/order/order-number/{PO}, read-only, recorded as a lookup. */
export const lookupOrderAction = orderLookupAction();
