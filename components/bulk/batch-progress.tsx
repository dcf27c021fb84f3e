"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import {
  countItems,
  estimatedFinish,
  FINAL_ITEM_STATES,
  ITEM_STATE_LABELS,
  type BatchDto,
  type BatchItemState,
} from "@/lib/bulk/model";
import { Button, ButtonLink } from "@/components/ui/button";

const POLL_MS = 1_500;

/** A batch's progress: polls /api/bulk/[id] while the batch runs or is paused. */
export function BatchProgress({
  initial,
  callsPerMinute,
  control,
}: {
  initial: BatchDto;
  callsPerMinute: number;
  control: (input: { id: number; to: "pause" | "resume" | "cancel" }) => Promise<ActionResult<{ id: number }>>;
}) {
  const [batch, setBatch] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const live = batch.state === "running" || batch.state === "paused";

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/bulk/${batch.id}`, { cache: "no-store" }).catch(() => null);
      if (response?.ok) setBatch((await response.json()) as BatchDto);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [batch.id, live]);

  const act = async (to: "pause" | "resume" | "cancel") => {
    setProblem(null);
    const result = await control({ id: batch.id, to });
    if (!result.ok) setProblem(result.message);
    const response = await fetch(`/api/bulk/${batch.id}`, { cache: "no-store" }).catch(() => null);
    if (response?.ok) setBatch((await response.json()) as BatchDto);
  };

  const counts = countItems(batch.items);
  const done = batch.items.filter((i) => FINAL_ITEM_STATES.includes(i.state)).length;
  const total = batch.items.length;
  const finish =
    batch.state === "running" ? estimatedFinish((counts.queued ?? 0) + (counts.sending ?? 0), callsPerMinute) : null;
  const stateLabel = { running: "Running", paused: "Paused", cancelled: "Cancelled", done: "Done" }[batch.state];

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Batch #{batch.id}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {batch.kind === "tracking" ? "Tracking numbers" : "Workflow status"} to {batch.environment}, {batch.rowCount}{" "}
          rows from {batch.sourceName ?? "pasted cells"}, by {batch.operatorName}
          {batch.includeAlreadySent ? "; rows already sent included" : "; rows already sent skipped"}.
        </p>
      </div>
      <p className="text-lg font-semibold" data-testid="batch-state" data-state={batch.state}>
        {stateLabel}
      </p>
      {batch.stateMessage ? <p className="text-sm text-amber-800">{batch.stateMessage}</p> : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      <div>
        <progress className="w-full" max={total} value={done} aria-label="Purchase orders done" />
        <p className="text-sm" data-testid="batch-progress">
          {done} of {total} purchase orders done
          {finish ? `; estimated finish ${new Date(finish).toLocaleTimeString()}` : ""}
        </p>
      </div>
      <dl className="flex flex-wrap gap-6 text-sm">
        {(Object.entries(counts) as [BatchItemState, number][]).map(([state, count]) => (
          <div key={state}>
            <dt className="text-slate-500">{ITEM_STATE_LABELS[state]}</dt>
            <dd className="text-lg font-semibold" data-outcome-count={state}>
              {count}
            </dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap gap-2">
        {batch.state === "running" ? (
          <Button variant="secondary" onClick={() => void act("pause")}>
            Pause
          </Button>
        ) : null}
        {batch.state === "paused" ? <Button onClick={() => void act("resume")}>Resume</Button> : null}
        {live ? (
          <Button variant="danger" onClick={() => void act("cancel")}>
            Cancel
          </Button>
        ) : null}
        <ButtonLink variant="secondary" href={`/api/bulk/${batch.id}?download=results`} prefetch={false}>
          Download results
        </ButtonLink>
        <ButtonLink variant="secondary" href={`/api/bulk/${batch.id}?download=fix`} prefetch={false}>
          Download rows to fix
        </ButtonLink>
      </div>
      <p className="text-sm">
        <Link href={`/history?batch=${batch.id}`} className="font-medium text-blue-800 underline">
          See these submissions in the history
        </Link>
      </p>
      {/* scrolls on its own at phone width, not the page */}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Purchase orders">
          <thead>
            <tr>
              <th className="px-3 py-2">Purchase order</th>
              <th className="px-3 py-2">Rows</th>
              <th className="px-3 py-2">Outcome</th>
              <th className="px-3 py-2">Message</th>
              <th className="px-3 py-2">Submission</th>
            </tr>
          </thead>
          <tbody>
            {batch.items.map((item) => (
              <tr
                key={item.id}
                className="border-t border-slate-100"
                data-po={item.purchaseOrderNumber}
                data-state={item.state}
              >
                <td className="px-3 py-2">{item.purchaseOrderNumber || "(none)"}</td>
                <td className="px-3 py-2">{item.rows.map((r) => r.row).join(", ")}</td>
                <td className="px-3 py-2">{ITEM_STATE_LABELS[item.state]}</td>
                <td className="px-3 py-2">{item.message}</td>
                <td className="px-3 py-2">
                  {item.submissionId ? (
                    <Link href={`/history/${item.submissionId}`} className="text-blue-700 underline">
                      #{item.submissionId}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
