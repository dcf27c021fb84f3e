"use client";

import { useEffect, useRef, useState } from "react";
import { useWatch, type Control } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import type { LineWarning } from "@/lib/guard/warnings";
import type { LineFormValues } from "@/lib/spectrum/kind-display";
import type { SubmissionKind } from "@/lib/spectrum/types";

/** checkWarningsAction (lib/actions/guard-actions.ts): the audit log's "already sent" warnings, no Spectrum call. */
export type CheckWarningsAction = (input: {
  kind: SubmissionKind;
  purchaseOrderNumber: string;
  lines: { recipeSetReadableId: string; shipmentTracking?: string | null; workflowStatus?: string | null }[];
}) => Promise<ActionResult<{ warnings: LineWarning[] }>>;

const DEBOUNCE_MS = 350;

function checkInput(kind: SubmissionKind, values: Partial<LineFormValues>) {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  return {
    kind,
    purchaseOrderNumber: text(values.purchaseOrderNumber),
    lines: (values.lineItems ?? []).map((line) => ({
      recipeSetReadableId: text(line?.recipeSetReadableId),
      shipmentTracking: text(line?.shipmentTracking) || null,
      workflowStatus: text(line?.workflowStatus) || null,
    })),
  };
}

/**
 * "Already sent" warnings while the order is typed: the purchase order and its lines go to the server (debounced)
 * once there is a PO and a recipe set ID; the newest answer for what is typed now is shown. `current(values)` asks
 * again for exactly the values about to be sent (the send's confirmation uses it, so it never works from a stale
 * answer). A check that fails shows nothing: the server checks again before every send and refuses an unconfirmed
 * warning.
 */
export function useSendWarnings(kind: SubmissionKind, control: Control<LineFormValues>, check: CheckWarningsAction) {
  const values = useWatch({ control }) as Partial<LineFormValues>;
  const input = checkInput(kind, values);
  const key = JSON.stringify(input);
  const [answer, setAnswer] = useState<{ key: string; warnings: LineWarning[] } | null>(null);
  const latest = useRef(key);
  useEffect(() => {
    latest.current = key;
  }, [key]);

  const worthAsking = input.purchaseOrderNumber !== "" && input.lines.some((l) => l.recipeSetReadableId !== "");
  useEffect(() => {
    if (!worthAsking) return;
    const timer = setTimeout(() => {
      check(JSON.parse(key) as ReturnType<typeof checkInput>).then(
        (result) => {
          if (latest.current === key) setAnswer({ key, warnings: result.ok ? result.data.warnings : [] });
        },
        () => undefined,
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, worthAsking, check]);

  const warnings = worthAsking && answer?.key === key ? answer.warnings : [];
  return {
    warnings,
    /** the warnings for exactly these values, asked now; [] when the check cannot be made (the server re-checks) */
    current: async (payload: LineFormValues): Promise<LineWarning[]> => {
      const result = await check(checkInput(kind, payload)).catch(() => null);
      return result?.ok ? result.data.warnings : [];
    },
  };
}
