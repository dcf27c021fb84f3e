import type { ReactNode } from "react";
import { formatDuration, formatTime } from "@/components/history/format";
import { Badge, type BadgeStyle } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { AuditIntegrityDto, VerificationDto } from "@/lib/audit-chain/status";
import { AuditVerifyButton } from "./audit-verify-button";

/** Exhaustive: a new result breaks the build until it is given a label here. */
export const VERIFICATION_RESULT_STYLES: Record<VerificationDto["result"], BadgeStyle> = {
  verified: { label: "Verified", tone: "good", description: "Every entry checked matches its hash" },
  broken: { label: "Broken", tone: "bad", description: "An entry no longer matches its hash, or is missing" },
  partial: {
    label: "Partial",
    tone: "warn",
    description: "The run stopped at its time limit; the next run continues where it stopped",
  },
};

const fmt = (n: number) => n.toLocaleString("en-US");

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

function Hash({ value, id, testId }: { value: string; id?: string; testId?: string }) {
  return (
    <code id={id} data-testid={testId} className="font-mono text-xs break-all text-slate-900 sm:text-sm">
      {value}
    </code>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function who(run: VerificationDto): string {
  if (run.source === "cli") return "npm run audit:verify (on the server)";
  return run.operatorEmail ?? "an admin";
}

/** The chain's head: its length, hash and when it last moved. */
function ChainHead({ head }: { head: AuditIntegrityDto["head"] }) {
  const empty = head.seq === 0;
  return (
    <Card id="head-heading" title="Chain head">
      {empty ? (
        <p className="text-sm text-slate-700" data-testid="chain-empty">
          No entries yet: the first send starts the chain.
        </p>
      ) : (
        <dl className="divide-y divide-slate-100" data-testid="chain-head">
          <Row term="Entries">
            <span className="tabular-nums" data-testid="head-seq">
              {fmt(head.seq)}
            </span>
            {head.archivedThroughSeq > 0 ? (
              <span className="block text-slate-600">
                Entries 1–{fmt(head.archivedThroughSeq)} are archived to a file; the database holds entries{" "}
                {fmt(head.archivedThroughSeq + 1)}–{fmt(head.seq)}.
              </span>
            ) : null}
          </Row>
          <Row term="Head hash">
            <div className="flex flex-col items-start gap-2">
              <Hash value={head.hash} id="head-hash" testId="head-hash" />
              <CopyButton text={head.hash} label="Copy the head hash" selectId="head-hash" />
            </div>
          </Row>
          <Row term="Last moved (UTC)">{head.movedAt ? formatTime(head.movedAt) : "—"}</Row>
        </dl>
      )}
    </Card>
  );
}

/** The last verification (an admin's or the command line's), with a break or a partial run spelled out. */
function LastVerification({
  last,
  head,
  budgetSeconds,
}: {
  last: VerificationDto | null;
  head: AuditIntegrityDto["head"];
  budgetSeconds: number;
}) {
  if (!last)
    return (
      <p className="text-sm text-slate-700" data-testid="never-verified">
        Not verified yet: verify now, or run <code className="font-mono">npm run audit:verify</code> on the server.
      </p>
    );
  const firstSeq = head.archivedThroughSeq + 1;
  const atHead = last.throughSeq === head.seq && last.throughHash === head.hash;
  const newer = head.seq - last.throughSeq;
  return (
    <div className="flex flex-col gap-3">
      <dl className="divide-y divide-slate-100" data-testid="last-verification">
        <Row term="Result">
          <span data-testid="verification-result">
            <Badge style={VERIFICATION_RESULT_STYLES[last.result]} />
          </span>
        </Row>
        <Row term="When (UTC)">{formatTime(last.finishedAt)}</Row>
        <Row term="By">{who(last)}</Row>
        <Row term="Entries checked">
          <span className="tabular-nums" data-testid="verification-range">
            {last.throughSeq > last.fromSeq
              ? `${fmt(last.fromSeq + 1)}–${fmt(last.throughSeq)}`
              : last.result === "broken"
                ? "none before the break"
                : "none: nothing new to check"}
          </span>
          <span className="text-slate-600"> in {formatDuration(last.durationMs)}</span>
        </Row>
        {last.throughSeq > 0 && last.result !== "broken" ? (
          <Row term={`Hash of entry ${fmt(last.throughSeq)}`}>
            <Hash value={last.throughHash} testId="verified-hash" />
          </Row>
        ) : null}
      </dl>

      {last.result === "verified" ? (
        <p className="text-sm text-slate-700" data-testid="verification-coverage">
          {atHead
            ? "The whole chain verified, up to the current head."
            : newer > 0
              ? `${fmt(newer)} ${newer === 1 ? "entry was" : "entries were"} added since: verify again to check ${newer === 1 ? "it" : "them"}.`
              : "The chain head has changed since this verification: verify again."}
        </p>
      ) : null}

      {last.result === "partial" ? (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="verification-partial"
        >
          Verified entries {fmt(firstSeq)}–{fmt(last.throughSeq)} of {fmt(Math.max(head.seq, last.throughSeq))}; the
          check stops after {budgetSeconds} s so the server stays responsive: continue, or run{" "}
          <code className="font-mono">npm run audit:verify</code> on the server for the whole chain.
        </div>
      ) : null}

      {last.result === "broken" ? (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950"
          data-testid="verification-broken"
        >
          <p className="font-semibold">
            The chain is broken{last.brokenSeq ? `: the first broken entry is ${fmt(last.brokenSeq)}` : ""}.
          </p>
          {last.problem ? <p className="mt-1 break-words">{last.problem}</p> : null}
          {last.evidence ? (
            <details className="mt-2">
              <summary className="cursor-pointer font-medium">Evidence</summary>
              <pre className="mt-1 font-mono text-xs break-all whitespace-pre-wrap">{last.evidence}</pre>
            </details>
          ) : null}
          <p className="mt-2">
            Entries before it still verify. Keep this page&apos;s evidence and the server&apos;s{" "}
            <code className="font-mono">npm run audit:verify</code> output, and find out who changed the database.
          </p>
        </div>
      ) : null}
    </div>
  );
}

/** Admin › Audit integrity: the head, the last verification, and "Verify now". */
export function AuditIntegrityPanel({ status, budgetSeconds }: { status: AuditIntegrityDto; budgetSeconds: number }) {
  return (
    <>
      <ChainHead head={status.head} />
      <Card id="verification-heading" title="Last verification">
        <div className="flex flex-col gap-4">
          <LastVerification last={status.last} head={status.head} budgetSeconds={budgetSeconds} />
          <AuditVerifyButton
            partial={status.last?.result === "partial"}
            headSeq={status.head.seq}
            budgetSeconds={budgetSeconds}
          />
        </div>
      </Card>
    </>
  );
}
