import { z } from "zod";
import {
  lineItemsSchema,
  purchaseOrderNumberSchema,
  recipeSetReadableIdSchema,
  requiredToken,
  serialNumbersSchema,
} from "./common";

export const trackingLineSchema = z.object({
  recipeSetReadableId: recipeSetReadableIdSchema,
  shipmentTracking: requiredToken("Tracking number", 100),
  serialNumbers: serialNumbersSchema,
});

/** POST /api/order/ship-notification: one purchase order and its shipped line items. */
export const trackingSchema = z.object({
  purchaseOrderNumber: purchaseOrderNumberSchema,
  lineItems: lineItemsSchema(trackingLineSchema),
});

/** What the form holds (serial numbers as free text). */
export type TrackingInput = z.input<typeof trackingSchema>;
export type TrackingPayload = z.output<typeof trackingSchema>;

/** The exact body Spectrum documents: only its fields, serialNumbers only when there are some. */
export function toTrackingBody(data: TrackingPayload) {
  return {
    purchaseOrderNumber: data.purchaseOrderNumber,
    lineItems: data.lineItems.map((line) => ({
      recipeSetReadableId: line.recipeSetReadableId,
      shipmentTracking: line.shipmentTracking,
      ...(line.serialNumbers.length > 0 ? { serialNumbers: line.serialNumbers } : {}),
    })),
  };
}
