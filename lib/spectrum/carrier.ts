import { getTracking } from "ts-tracking-number";

/**
 * The carrier a tracking number's format belongs to, by the maintained detectors of `ts-tracking-number` (UPS,
 * FedEx, USPS, DHL, Amazon, OnTrac, S10 postal), or null when no detector recognises it ("format not
 * recognised"). A hint only: it never blocks a send, since Spectrum's own example number (234324234324) and many
 * regional carriers match no detector. Pure and browser-safe.
 */
export function detectCarrier(trackingNumber: string | null | undefined): string | null {
  const text = (trackingNumber ?? "").trim();
  if (!text) return null;
  try {
    // Detectors expect upper case (UPS "1Z…"); spaces inside are not part of a tracking number we send.
    return getTracking(text.toUpperCase())?.courier.name ?? null;
  } catch {
    return null;
  }
}

/** What the form and the detail page show beside a tracking number. */
export const CARRIER_NOT_RECOGNISED = "format not recognised";

export function carrierLabel(trackingNumber: string | null | undefined): string {
  return detectCarrier(trackingNumber) ?? CARRIER_NOT_RECOGNISED;
}
