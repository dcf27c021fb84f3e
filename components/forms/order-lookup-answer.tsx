"use client";

import { Button } from "@/components/ui/button";
import type { LookupLine } from "@/lib/spectrum/lookup";
import type { OrderLookupResult } from "@/lib/spectrum/lookup-order";

/** What Spectrum has for the order: its line items (status, tracking) and "Fill lines from Spectrum", or why not. */
export function LookupAnswer({ result, onFill }: { result: OrderLookupResult; onFill: (lines: LookupLine[]) => void }) {
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
