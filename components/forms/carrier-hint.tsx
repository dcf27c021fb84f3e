"use client";

import { useEffect, useState } from "react";
import { useWatch, type Control } from "react-hook-form";
import type { LineFormValues } from "@/lib/spectrum/kind-display";

type CarrierModule = typeof import("@/lib/spectrum/carrier");
let carrierModule: Promise<CarrierModule> | null = null;
/** The detectors (ts-tracking-number) are fetched with the first tracking number typed, not with the page. */
const loadCarrier = () =>
  (carrierModule ??= import("@/lib/spectrum/carrier").catch((error: unknown) => {
    carrierModule = null;
    throw error;
  }));

/**
 * The carrier a tracking number's format belongs to, as a small label under the field, or "format not recognised"
 * as a quiet warning. A hint only: it never blocks a send (Spectrum's own example number matches no carrier).
 */
export function CarrierHint({
  control,
  name,
}: {
  control: Control<LineFormValues>;
  name: `lineItems.${number}.${string}`;
}) {
  const value = String(useWatch({ control, name }) ?? "").trim();
  const [hint, setHint] = useState<{ value: string; carrier: string | null } | null>(null);
  useEffect(() => {
    if (!value) return;
    let live = true;
    loadCarrier().then(
      (m) => live && setHint({ value, carrier: m.detectCarrier(value) }),
      () => undefined, // no hint is better than an error for a hint
    );
    return () => {
      live = false;
    };
  }, [value]);
  if (!value || hint?.value !== value) return null;
  return (
    <p
      className={`text-xs ${hint.carrier ? "text-slate-600" : "text-amber-800"}`}
      data-testid="carrier-hint"
      aria-live="polite"
    >
      {hint.carrier ? `Carrier: ${hint.carrier}` : "Carrier: format not recognised"}
    </p>
  );
}
