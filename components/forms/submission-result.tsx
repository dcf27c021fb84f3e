"use client";

import Link from "next/link";
import { forwardRef } from "react";
import { LineOutcomesTable } from "@/components/history/line-outcomes-table";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { kindDisplay } from "@/lib/spectrum/kind-display";
import type { SubmissionResult } from "@/lib/submission-model";

const panelTone = {
  pending: "border-slate-300 bg-slate-50",
  succeeded: "border-emerald-300 bg-emerald-50",
  rejected: "border-red-300 bg-red-50",
  failed: "border-red-300 bg-red-50",
  unknown: "border-amber-300 bg-amber-50",
  interrupted: "border-amber-300 bg-amber-50",
} as const;

/** The outcome of one submission and a row per line item, as recorded in the audit log. */
export const SubmissionResultPanel = forwardRef<
  HTMLHeadingElement,
  { result: SubmissionResult; onSendAgain?: () => void }
>(function SubmissionResultPanel({ result, onSendAgain }, headingRef) {
  const s = result.submission;
  const kind = kindDisplay(s.kind);
  const retryable = s.state === "failed" || s.state === "unknown";
  return (
    <section
      aria-labelledby="result-heading"
      className={`rounded-lg border p-4 ${panelTone[s.state]}`}
      data-testid="submission-result"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="result-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          Submission #{s.id}: <SubmissionStateBadge state={s.state} />
        </h2>
        <span className="text-sm text-slate-600">
          <span className="font-mono" data-testid="result-po">
            {s.purchaseOrderNumber}
          </span>{" "}
          · {s.httpStatus !== null ? `HTTP ${s.httpStatus}` : "No HTTP response"}
          {s.durationMs !== null ? ` · ${s.durationMs} ms` : ""} · {s.environment} ·{" "}
          <Link href={`/history/${s.id}`} className="font-medium text-blue-800 underline">
            Details
          </Link>
        </span>
      </div>
      <p className="mt-2 text-sm" data-testid="result-message">
        {s.message}
      </p>
      {result.auditNotice ? (
        <p
          role="alert"
          className="mt-2 rounded border border-amber-400 bg-amber-100 p-2 text-sm font-medium text-amber-950"
          data-testid="audit-notice"
        >
          {result.auditNotice}
        </p>
      ) : null}
      {result.replayed ? (
        <p className="mt-1 text-sm text-slate-700">
          This exact submission had already been sent, so it was not sent again: this is its recorded result.
        </p>
      ) : null}
      {s.spectrumDetails ? (
        <p className="mt-1 text-sm text-slate-700">
          Spectrum said: <q className="font-mono text-xs">{s.spectrumDetails}</q>
        </p>
      ) : null}
      {retryable && onSendAgain ? (
        <p className="mt-2 text-sm">
          <button type="button" onClick={onSendAgain} className="font-semibold text-blue-800 underline">
            Send again
          </button>{" "}
          {s.state === "unknown" ? "(check the order in Spectrum first: it may already be updated)" : null}
        </p>
      ) : null}
      <LineOutcomesTable
        lines={s.lines}
        className="mt-4"
        // An updated line says what it now holds in Spectrum, rather than "Updated" beside the badge again.
        message={(line) => (line.outcome === "updated" ? `Now ${kind.lineValue(line)}` : line.message)}
      />
    </section>
  );
});
