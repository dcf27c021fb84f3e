"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import type { LookupLine } from "@/lib/spectrum/lookup";
import type { OrderLookupResult } from "@/lib/spectrum/lookup-order";

export type { LookupLine } from "@/lib/spectrum/lookup";

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
        {state.status === "done" ? <LookupAnswer result={state.result} onFill={onFill} /> : null}
      </div>
    </div>
  );
}

function LookupAnswer({ result, onFill }: { result: OrderLookupResult; onFill: (lines: LookupLine[]) => void }) {
  const found = result.outcome === "found";
  return (
    <div className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className={found ? "text-slate-800" : "text-amber-900"}>{result.message}</p>
      {found && result.lines.length > 0 ? (
        <>
          <div className="overflow-x-auto">
            <table className="min-w-full text-left">
              <caption className="sr-only">Line items of {result.purchaseOrderNumber} in Spectrum</caption>
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-1 pr-4">
                    Recipe set ID
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    Workflow status
                  </th>
                  <th scope="col" className="py-1">
                    Tracking
                  </th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {result.lines.map((line, i) => (
                  <tr key={`${line.recipeSetReadableId}-${i}`} className="border-t border-slate-200">
                    <td className="py-1 pr-4">{line.recipeSetReadableId}</td>
                    <td className="py-1 pr-4">{line.workflowStatus ?? "—"}</td>
                    <td className="py-1">{line.shipmentTracking ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <Button size="sm" onClick={() => onFill(result.lines)}>
              Fill lines from Spectrum
            </Button>
          </div>
        </>
      ) : null}
      {result.outcome === "unreadable" && result.raw ? (
        <pre className="max-h-48 overflow-auto rounded bg-white p-2 text-xs whitespace-pre-wrap">{result.raw}</pre>
      ) : null}
    </div>
  );
}
