"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { verifyAuditChainAction } from "@/app/(dashboard)/admin/audit/actions";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { VerificationDto } from "@/lib/audit-chain/status";

/** What the live region says once a run is back. */
function announce(run: VerificationDto, headSeq: number): string {
  const range = run.throughSeq > run.fromSeq ? `entries ${run.fromSeq + 1}–${run.throughSeq}` : "no new entries";
  switch (run.result) {
    case "verified":
      return `Verified: ${range} checked, the chain is intact through entry ${run.throughSeq}.`;
    case "partial":
      return `Partly verified: ${range} checked of ${Math.max(headSeq, run.throughSeq)}. Continue to check the rest.`;
    case "broken":
      return `Broken${run.brokenSeq ? ` at entry ${run.brokenSeq}` : ""}: ${run.problem ?? "see below"}`;
  }
}

/**
 * "Verify now" (or "Continue verification" after a partial run): runs the verification on the server, announces
 * the result, and refreshes the page's head and last verification.
 */
export function AuditVerifyButton({
  partial,
  headSeq,
  budgetSeconds,
}: {
  partial: boolean;
  headSeq: number;
  /** how long one run may take (runs.ts ADMIN_VERIFY_BUDGET_MS) */
  budgetSeconds: number;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const verify = () =>
    start(async () => {
      setMessage(null);
      const result = await verifyAuditChainAction({});
      setMessage(
        result.ok ? { text: announce(result.data, headSeq), error: false } : { text: result.message, error: true },
      );
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-3">
      <Button onClick={verify} disabled={pending || !hydrated} aria-describedby="verify-status" className="self-start">
        {pending ? "Verifying…" : partial ? "Continue verification" : "Verify now"}
      </Button>
      <p
        id="verify-status"
        aria-live="polite"
        data-testid="verify-status"
        className={message?.error ? "text-sm text-red-700" : "text-sm text-slate-700"}
      >
        {pending ? `Verifying the chain: this takes at most about ${budgetSeconds} seconds…` : (message?.text ?? "")}
      </p>
    </div>
  );
}
