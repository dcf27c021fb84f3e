"use client";

import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import type { LookupLine } from "@/lib/spectrum/lookup";
import type { OrderLookupResult } from "@/lib/spectrum/lookup-order";

export type { LookupLine } from "@/lib/spectrum/lookup";

const loadAnswer = () => import("./order-lookup-answer");
/** The answer's table is fetched with the first lookup (or when someone starts on the form), not with the page. */
const LookupAnswer = lazy(() => loadAnswer().then((m) => ({ default: m.LookupAnswer })));
export const preloadOrderLookup = () => void loadAnswer().catch(() => undefined);

/** lookupOrderAction (lib/actions/guard-actions.ts): GET the order from Spectrum, read-only, recorded as a lookup. */
export type LookupOrderAction = (input: { purchaseOrderNumber: string }) => Promise<ActionResult<OrderLookupResult>>;

type State =
  | { status: "idle" }
  | { status: "loading"; purchaseOrderNumber: string }
  | { status: "done"; result: OrderLookupResult }
  | { status: "error"; message: string };

/**
 * "Look up in Spectrum" beside the purchase order: the order's line items as Spectrum has them now (status and
 * tracking), with "Fill lines from Spectrum" to start the form from them. Read-only; it counts against Spectrum's
 * rate limit like a send, so it is asked for, never automatic.
 */
export function OrderLookup({
  purchaseOrderNumber,
  lookup,
  onFill,
}: {
  purchaseOrderNumber: string;
  lookup: LookupOrderAction;
  onFill: (lines: LookupLine[]) => void;
}) {
  const [state, setState] = useState<State>({ status: "idle" });
  const po = purchaseOrderNumber.trim();

  const run = async () => {
    if (!po) return setState({ status: "error", message: "Type a purchase order number to look up." });
    setState({ status: "loading", purchaseOrderNumber: po });
    try {
      const result = await lookup({ purchaseOrderNumber: po });
      setState(result.ok ? { status: "done", result: result.data } : { status: "error", message: result.message });
    } catch {
      setState({ status: "error", message: "Could not reach the dashboard server. Nothing was looked up." });
    }
  };

  return (
    <div className="flex flex-col gap-2" data-testid="order-lookup">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" onClick={run} disabled={state.status === "loading"}>
          {state.status === "loading" ? "Looking up…" : "Look up in Spectrum"}
        </Button>
        {state.status !== "idle" && state.status !== "loading" ? (
          <Button variant="secondary" size="sm" onClick={() => setState({ status: "idle" })}>
            Close
          </Button>
        ) : null}
      </div>
      <div aria-live="polite">
        {state.status === "error" ? (
          <p className="text-sm text-red-700" role="alert">
            {state.message}
          </p>
        ) : null}
        {state.status === "done" ? (
          <Suspense fallback={<p className="text-sm text-slate-600">{state.result.message}</p>}>
            <LookupAnswer result={state.result} onFill={onFill} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
