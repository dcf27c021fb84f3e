import "server-only";
import { getSubmissionDetail } from "@/lib/db/audit";
import { KINDS } from "@/lib/spectrum/kinds";
import type { SubmissionKind } from "@/lib/spectrum/types";
import { prefillFromRequestBody, prefillFromSearchParams, type FormInitial } from "./prefill";

type Params = Record<string, string | string[] | undefined>;

export type FormPrefill =
  { redirectTo: string } | { redirectTo?: undefined; initial: FormInitial; resubmitOf?: number };

/**
 * What a form page starts with: the submission being resubmitted (?resubmit=ID, exactly as it was sent),
 * or ?po=…&ids=… from a demo-order link. `redirectTo` is set when the submission belongs to the other form.
 */
export async function loadFormPrefill(kind: SubmissionKind, params: Params): Promise<FormPrefill> {
  const raw = Array.isArray(params.resubmit) ? params.resubmit[0] : params.resubmit;
  const original = raw && /^\d{1,12}$/.test(raw) ? await getSubmissionDetail(Number(raw)) : null;
  if (original && original.kind !== kind) {
    return { redirectTo: `${KINDS[original.kind].route}?resubmit=${original.id}` };
  }
  const initial = original ? prefillFromRequestBody(original.requestBody) : null;
  if (original && initial) return { initial, resubmitOf: original.id };
  return { initial: prefillFromSearchParams(params) };
}
