import type { Metadata } from "next";
import { StatusForm } from "@/components/forms/status-form";
import { env } from "@/lib/env.mjs";
import { loadFormPrefill } from "@/lib/form-prefill";
import { redirect } from "next/navigation";
import { NoAccess } from "@/components/no-access";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Update status" };

export default async function StatusPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await requirePageUser("submission:send", "/status"))) return <NoAccess what="updating workflow status" />;
  const prefill = await loadFormPrefill("status", await searchParams);
  if (prefill.redirectTo !== undefined) redirect(prefill.redirectTo);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Update workflow status</h1>
        <p className="mt-1 text-sm text-slate-600">
          Sets the workflow status of line items on one purchase order. If Spectrum cannot find any one recipe set ID,
          nothing in the order is updated.
        </p>
      </div>
      <StatusForm target={{ name: env.environmentName, isProduction: env.isProduction }} initial={prefill.initial} resubmitOf={prefill.resubmitOf} />
    </div>
  );
}
