import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { Suspense } from "react";
import { AuditIntegrityPanel } from "@/components/admin/audit-integrity";
import { ADMIN_VERIFY_BUDGET_MS } from "@/lib/audit-chain/runs";
import { readAuditIntegrity } from "@/lib/audit-chain/status";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit integrity" };

/** The chain's head and last verification, streamed in after the page's frame. */
async function AuditIntegrityStatus() {
  const status = await readAuditIntegrity();
  return <AuditIntegrityPanel status={status} budgetSeconds={ADMIN_VERIFY_BUDGET_MS / 1000} />;
}

function StatusLoading() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true" aria-live="polite">
      <p className="text-sm text-slate-500">Loading the audit chain…</p>
      <div className="h-32 animate-pulse rounded-lg bg-slate-200/60" />
      <div className="h-40 animate-pulse rounded-lg bg-slate-200/60" />
    </div>
  );
}

// No loading.tsx: its boundary would start the response before the permission check, and a forbidden() after
// that could no longer answer 403. The check comes first; only the chain's status streams in.
export default async function AuditIntegrityPage() {
  await requirePageUser("audit:verify", "/admin/audit");
  return (
    <div className="flex flex-col gap-6">
      <AdminTabs />
      <div>
        <h1 className="text-2xl font-bold">Audit integrity</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every completed submission, resolution and account event (sign-ins, user changes) is sealed into a hash chain
          when it is written: each entry&apos;s hash covers the entry before it, so editing or deleting anything already
          sealed breaks the chain from there on, and a verification names the first broken entry.
        </p>
      </div>
      <Suspense fallback={<StatusLoading />}>
        <AuditIntegrityStatus />
      </Suspense>
      <section aria-labelledby="outside-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="outside-heading" className="mb-2 text-lg font-semibold">
          Keep the head outside the database
        </h2>
        <p className="text-sm text-slate-700">
          Someone who can write to the database could rewrite the whole chain so that it verifies again. Run{" "}
          <code className="font-mono">npm run audit:verify</code> on the server daily and append what it prints (the
          entry count and head hash) to a log kept elsewhere: a head recorded there that is no longer in the chain
          reveals the rewrite. The README (Audit integrity) has the details.
        </p>
      </section>
    </div>
  );
}
