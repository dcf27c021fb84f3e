import type { Metadata } from "next";
import { AuditIntegrityPanel } from "@/components/admin/audit-integrity";
import { ADMIN_VERIFY_BUDGET_MS } from "@/lib/audit-chain/runs";
import { readAuditIntegrity } from "@/lib/audit-chain/status";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit integrity" };

export default async function AuditIntegrityPage() {
  await requirePageUser("audit:verify", "/admin/audit");
  const status = await readAuditIntegrity();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">Audit integrity</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every completed submission, resolution and account event (sign-ins, user changes) is sealed into a hash chain
          when it is written: each entry&apos;s hash covers the entry before it, so editing or deleting anything already
          sealed breaks the chain from there on, and a verification names the first broken entry.
        </p>
      </div>
      <AuditIntegrityPanel status={status} budgetSeconds={ADMIN_VERIFY_BUDGET_MS / 1000} />
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
