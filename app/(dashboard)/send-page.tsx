import { redirect } from "next/navigation";
import type { SendAction } from "@/components/forms/use-spectrum-submission";
import { LineItemsForm } from "@/components/forms/line-items-form";
import { requirePageUser } from "@/lib/auth/session";
import { env } from "@/lib/env.mjs";
import { loadFormPrefill } from "@/lib/form-prefill";
import { configuredWorkflowStatuses } from "@/lib/spectrum/configured-kinds";
import { KINDS } from "@/lib/spectrum/kinds";
import { checkWarningsAction, lookupOrderAction } from "./actions";
import type { SubmissionKind } from "@/lib/spectrum/types";

type SearchParams = Record<string, string | string[] | undefined>;

/** The page of one kind's form (/ship, /status): access, the form's starting values, the form. */
export async function SendPage({
  kind,
  action,
  searchParams,
}: {
  kind: SubmissionKind;
  action: SendAction;
  searchParams: Promise<SearchParams>;
}) {
  const definition = KINDS[kind];
  await requirePageUser("submission:send", definition.route);
  const prefill = await loadFormPrefill(kind, await searchParams);
  if (prefill.redirectTo !== undefined) redirect(prefill.redirectTo);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">{definition.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{definition.intro}</p>
      </div>
      <LineItemsForm
        kind={kind}
        action={action}
        target={{ name: env.environmentName, isProduction: env.isProduction, timeoutMs: env.timeoutMs }}
        initial={prefill.initial}
        resubmitOf={prefill.resubmitOf}
        workflowStatuses={kind === "status" ? configuredWorkflowStatuses() : undefined}
        checkWarnings={checkWarningsAction}
        lookupOrder={lookupOrderAction}
      />
    </div>
  );
}
