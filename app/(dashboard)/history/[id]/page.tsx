import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { formatDuration } from "@/components/history/format";
import { LocalTime } from "@/components/history/local-time";
import { ResolveForm } from "@/components/history/resolve-form";
import { LineOutcomesTable } from "@/components/history/line-outcomes-table";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { getSubmissionDetail } from "@/lib/db/audit";
import { batchOfSubmission } from "@/lib/db/batch-list";
import { carrierLabel } from "@/lib/spectrum/carrier";
import { kindDefinition } from "@/lib/spectrum/kinds";
import { ButtonLink } from "@/components/ui/button";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Submission #${(await params).id}` };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs font-medium text-slate-500 uppercase">{label}</dt>
      <dd className="text-sm wrap-anywhere">{children ?? "—"}</dd>
    </div>
  );
}

export default async function SubmissionPage({ params }: Props) {
  const rawId = (await params).id;
  const user = await requirePageUser("history:read", `/history/${rawId}`);
  const id = Number(rawId);
  const s = Number.isSafeInteger(id) && id > 0 ? await getSubmissionDetail(id) : null;
  if (!s) notFound();
  const kind = kindDefinition(s.kind);
  const batchId = await batchOfSubmission({ id: s.id, idempotencyKey: s.idempotencyKey });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Submission #{s.id}</h1>
        <SubmissionStateBadge state={s.state} />
        <span className="text-sm text-slate-600">
          {kind.label} · <span className="font-mono break-all">{s.purchaseOrderNumber}</span> · {s.environment}
        </span>
      </div>

      {batchId !== null ? (
        <p className="text-sm" data-testid="submission-batch">
          Sent as part of{" "}
          {can(user.role, "submission:send") ? (
            <Link href={`/bulk/${batchId}`} className="font-medium text-blue-800 underline">
              batch #{batchId}
            </Link>
          ) : (
            `batch #${batchId}`
          )}
          .
        </p>
      ) : null}

      {s.needsAttention && (can(user.role, "submission:send") || can(user.role, "submission:resolve")) ? (
        <section
          aria-label="Needs attention"
          className="flex flex-col gap-2 rounded-lg border border-red-300 bg-red-50 p-4"
        >
          <p className="text-sm font-semibold text-red-900">This submission needs attention.</p>
          <div className="flex flex-wrap items-start gap-2">
            {can(user.role, "submission:send") ? (
              <ButtonLink href={`${kind.route}?resubmit=${s.id}`}>Resubmit</ButtonLink>
            ) : null}
            {can(user.role, "submission:resolve") ? <ResolveForm submissionId={s.id} /> : null}
          </div>
        </section>
      ) : null}

      {s.resolution ? (
        <section
          aria-label="Resolution"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm"
          data-testid="resolution"
        >
          <p className="font-semibold">
            Resolved {s.resolution.kind === "resubmitted" ? "by a resubmit" : "by hand"} on{" "}
            <LocalTime iso={s.resolution.createdAt} />
            {s.resolution.operatorName ? ` by ${s.resolution.operatorName}` : ""}
          </p>
          <p className="mt-1">
            {s.resolution.resolvedBySubmissionId ? (
              <Link href={`/history/${s.resolution.resolvedBySubmissionId}`} className="text-blue-800 underline">
                {s.resolution.note}
              </Link>
            ) : (
              s.resolution.note
            )}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="summary-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="summary-heading" className="mb-3 text-lg font-semibold">
          Summary
        </h2>
        <p className="mb-4 text-sm" data-testid="detail-message">
          {s.message ?? "Waiting for Spectrum's answer…"}
        </p>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Item label="Sent">
            <LocalTime iso={s.createdAt} />
          </Item>
          <Item label="Answer recorded">{s.completedAt ? <LocalTime iso={s.completedAt} /> : null}</Item>
          <Item label="Duration">{formatDuration(s.durationMs)}</Item>
          <Item label="Operator">{s.operatorName ?? s.operatorEmail}</Item>
          <Item label="HTTP status">{s.httpStatus}</Item>
          <Item label="Spectrum status">{s.spectrumStatus}</Item>
          <Item label="Spectrum details">{s.spectrumDetails}</Item>
          <Item label="Idempotency key">
            <span className="font-mono text-xs">{s.idempotencyKey}</span>
          </Item>
        </dl>
      </section>

      <section aria-labelledby="lines-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="lines-heading" className="mb-3 text-lg font-semibold">
          Line items
        </h2>
        <LineOutcomesTable
          lines={s.lines}
          sent={{
            header: kind.valueHeader,
            cell: (line) =>
              line.shipmentTracking ? (
                <>
                  {kind.lineValue(line)}{" "}
                  <span className="font-sans text-slate-500" data-testid="carrier">
                    ({carrierLabel(line.shipmentTracking)})
                  </span>
                </>
              ) : (
                kind.lineValue(line)
              ),
          }}
        />
      </section>

      {s.confirmedWarnings.length > 0 ? (
        <section
          aria-labelledby="warnings-heading"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4"
          data-testid="confirmed-warnings"
        >
          <h2 id="warnings-heading" className="mb-2 text-lg font-semibold">
            Warnings confirmed before sending
          </h2>
          <ul className="flex flex-col gap-1 text-sm">
            {s.confirmedWarnings.map((w, i) => (
              <li key={i}>
                Line {w.position + 1} (<span className="font-mono">{w.recipeSetReadableId}</span>): {w.text}
                {w.earlierSubmissionId ? (
                  <>
                    {" "}
                    <Link href={`/history/${w.earlierSubmissionId}`} className="text-blue-800 underline">
                      #{w.earlierSubmissionId}
                    </Link>
                  </>
                ) : null}{" "}
                <span className="text-slate-600">
                  (confirmed by {w.confirmedByName ?? w.confirmedByEmail ?? "unknown"})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="request-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="request-heading" className="mb-1 text-lg font-semibold">
            Request as sent
          </h2>
          <p className="mb-2 font-mono text-xs break-all text-slate-600">
            {kind.method} {s.baseUrl}
            {kind.path}
            <br />
            Content-Type: application/json · SPECTRUM_API_TOKEN: (secret, never stored)
          </p>
          <pre
            className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
            data-testid="request-body"
          >
            {prettyJson(s.requestBody)}
          </pre>
        </section>
        <section aria-labelledby="response-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="response-heading" className="mb-1 text-lg font-semibold">
            Response
          </h2>
          <p className="mb-2 font-mono text-xs text-slate-600">
            {s.httpStatus !== null ? `HTTP ${s.httpStatus}` : "No HTTP response"}
            {s.responseTruncated ? " · body truncated" : ""}
          </p>
          {s.responseBody !== null ? (
            <pre
              className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100"
              data-testid="response-body"
            >
              {s.responseBody}
            </pre>
          ) : (
            <p className="text-sm text-slate-500">No response body was received.</p>
          )}
        </section>
      </div>

      <section aria-labelledby="chain-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="chain-heading" className="mb-3 text-lg font-semibold">
          Attempts
        </h2>
        {s.chain.length <= 1 ? (
          <p className="text-sm text-slate-600">This is the only attempt: it has not been resubmitted.</p>
        ) : (
          <ol className="flex flex-col gap-1 text-sm" data-testid="attempt-chain">
            {s.chain.map((link, i) => (
              <li key={link.id} className="flex items-center gap-2">
                <span className="w-20 text-slate-500">{i === 0 ? "Original" : `Resubmit ${i}`}</span>
                {link.id === s.id ? (
                  <span className="font-semibold" aria-current="page">
                    #{link.id} (this one)
                  </span>
                ) : (
                  <Link href={`/history/${link.id}`} className="text-blue-800 underline">
                    #{link.id}
                  </Link>
                )}
                <SubmissionStateBadge state={link.state} />
                <LocalTime iso={link.createdAt} className="text-slate-500" />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
