import { describe, expect, it } from "vitest";
import { carrierLabel, detectCarrier } from "@/lib/spectrum/carrier";

describe("carrier hint", () => {
  it.each([
    ["1Z5R89390357567127", "UPS"],
    ["1z5r89390357567127", "UPS"],
    [" 1Z879E930346834440 ", "UPS"],
    ["986578788855", "FedEx"],
    ["RB123456785GB", "S10 International Standard"],
    ["TBA000000000000", "Amazon"],
  ])("%s → %s", (number, carrier) => {
    expect(detectCarrier(number)).toBe(carrier);
  });

  it.each(["234324234324", "TRACK-1", "1Z5R89390357567128", "x"])(
    "%s (Spectrum's own example among them) is not recognised: a quiet hint, never an error",
    (number) => {
      expect(detectCarrier(number)).toBeNull();
      expect(carrierLabel(number)).toBe("format not recognised");
    },
  );

  it("nothing typed: no carrier", () => {
    expect(detectCarrier("")).toBeNull();
    expect(detectCarrier(null)).toBeNull();
    expect(detectCarrier(undefined)).toBeNull();
  });

  it("Spectrum's example number still passes the tracking schema", async () => {
    const { trackingSchema } = await import("@/lib/schemas/tracking");
    const parsed = trackingSchema.safeParse({
      purchaseOrderNumber: "HA-US-DEV00011101",
      lineItems: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "234324234324", serialNumbers: "" }],
    });
    expect(parsed.success).toBe(true);
  });
});
