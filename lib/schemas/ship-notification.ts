import { z } from "zod";
import { lineItemsSchema, purchaseOrderNumberSchema, recipeSetReadableIdSchema, requiredText, serialNumbersSchema } from "./common";

export const shipLineItemSchema = z.object({
  recipeSetReadableId: recipeSetReadableIdSchema,
  shipmentTracking: requiredText("Tracking number", 100),
  serialNumbers: serialNumbersSchema,
});

/** POST /api/order/ship-notification: one purchase order and its shipped line items. */
export const shipNotificationSchema = z.object({
  purchaseOrderNumber: purchaseOrderNumberSchema,
  lineItems: lineItemsSchema(shipLineItemSchema),
});

/** What the form holds (serial numbers as free text). */
export type ShipNotificationInput = z.input<typeof shipNotificationSchema>;
export type ShipNotification = z.output<typeof shipNotificationSchema>;

/** The exact body Spectrum documents: only its fields, serialNumbers only when there are some. */
export function toShipNotificationBody(data: ShipNotification) {
  return {
    purchaseOrderNumber: data.purchaseOrderNumber,
    lineItems: data.lineItems.map((line) => ({
      recipeSetReadableId: line.recipeSetReadableId,
      shipmentTracking: line.shipmentTracking,
      ...(line.serialNumbers.length > 0 ? { serialNumbers: line.serialNumbers } : {}),
    })),
  };
}
