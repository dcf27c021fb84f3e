import type { Metadata } from "next";
import { ShipForm } from "@/components/forms/ship-form";
import { env } from "@/lib/env.mjs";
import { loadFormPrefill } from "@/lib/form-prefill";
import { redirect } from "next/navigation";
import { NoAccess } from "@/components/no-access";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Send tracking" };

export default async function ShipPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await requirePageUser("submission:send", "/ship"))) return <NoAccess what="sending tracking numbers" />;
  const prefill = await loadFormPrefill("tracking", await searchParams);
  if (prefill.redirectTo !== undefined) redirect(prefill.redirectTo);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Send tracking</h1>
        <p className="mt-1 text-sm text-slate-600">
          Sends a shipment notification for one purchase order. If Spectrum cannot find any one recipe set ID, nothing in
          the order is updated.
        </p>
      </div>
      <ShipForm target={{ name: env.environmentName, isProduction: env.isProduction }} initial={prefill.initial} resubmitOf={prefill.resubmitOf} />
    </div>
  );
}
