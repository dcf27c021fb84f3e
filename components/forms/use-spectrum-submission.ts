"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type BaseSyntheticEvent, type RefObject } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import type { LineWarning } from "@/lib/guard/warnings";
import { newIdempotencyKey } from "@/lib/idempotency";
import type { LineFormValues } from "@/lib/spectrum/kind-display";
import type { SubmissionResult } from "@/lib/submission-model";
import { setAttentionCount } from "@/components/ui/attention-count";
import { useResubmitChain } from "./resubmit";
import { useLazyMutation } from "./use-lazy-mutation";

/** A kind's send action (lib/actions/send-action.ts): the payload is validated again on the server. */
export type SendAction = (input: {
  idempotencyKey: string;
  resubmitOfId?: number;
  /** keys of the "already sent" warnings the operator confirmed */
  confirmedWarnings?: string[];
  payload: LineFormValues;
}) => Promise<ActionResult<SubmissionResult>>;

/** What a send must have confirmed first: Production, and the warnings showing for exactly these values. */
export interface SendCheck {
  needsConfirmation: boolean;
  warnings: LineWarning[];
}

type LineFieldPath = "purchaseOrderNumber" | "lineItems" | `lineItems.${number}.${string}`;

export const NOT_FOUND_MESSAGE = "Spectrum could not find this recipe set ID on this order";

/**
 * Sends a form's validated values through a server action with an idempotency key.
 * The key stays the same until the form changes, so a double click, a retry after a dropped
 * connection or a second press of the button on unchanged values never reaches Spectrum twice.
 * When the form resends an earlier submission (`resubmitOf`), each attempt is linked to the previous one;
 * a fully successful submission clears the form to `emptyValues`.
 */
export function useSpectrumSubmission(
  form: UseFormReturn<LineFormValues, unknown, LineFormValues>,
  action: SendAction,
  resultHeading: RefObject<HTMLHeadingElement | null>,
  options: {
    resubmitOf?: number;
    emptyValues: LineFormValues;
    /** what this send needs confirmed first (Production, warnings), asked once the values are checked */
    prepare?: (payload: LineFormValues) => Promise<SendCheck>;
  },
) {
  const key = useRef<string | null>(null);
  const chain = useResubmitChain(options.resubmitOf);
  const inFlight = useRef(false);
  const router = useRouter();
  // The dashboard server could not be reached (for the send, or for the code that checks and sends it).
  const [unreachable, setUnreachable] = useState(false);
  // Checked values waiting for the operator's confirmation (see ConfirmSendDialog).
  const [confirming, setConfirming] = useState<{ payload: LineFormValues; warnings: LineWarning[] } | null>(null);
  const prepare = useRef(options.prepare);
  useEffect(() => {
    prepare.current = options.prepare;
  });

  useEffect(() => {
    const subscription = form.watch(() => {
      key.current = null;
    });
    return () => subscription.unsubscribe();
  }, [form]);

  const mutation = useLazyMutation({
    mutationFn: ({ payload, confirmedWarnings }: { payload: LineFormValues; confirmedWarnings: string[] }) =>
      action({
        idempotencyKey: (key.current ??= newIdempotencyKey()),
        resubmitOfId: chain.current(payload.purchaseOrderNumber),
        confirmedWarnings,
        payload,
      }),
    onSuccess(result: ActionResult<SubmissionResult>) {
      if (!result.ok) {
        let first: string | null = null;
        for (const [name, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (name === "_form") continue;
          form.setError(name as LineFieldPath, { type: "server", message: messages[0] });
          first ??= name;
        }
        if (first) form.setFocus(first as LineFieldPath);
        return;
      }
      chain.onResult(result.data);
      // The "Spectrum in trouble" banner is drawn by the layout, which client-side navigation keeps: after a call
      // that may have changed it (a failure or an unknown outcome; a success while it shows), draw it again.
      const state = result.data.submission.state;
      const bannerShowing = document.querySelector("[data-testid='spectrum-banner']") !== null;
      if (state === "failed" || state === "unknown" || (bannerShowing && state === "succeeded")) router.refresh();
      if (result.data.attentionCount !== undefined) {
        setAttentionCount(result.data.attentionCount);
      }
      if (result.data.submission.state === "succeeded") form.reset(options.emptyValues);
      const notFound = result.data.submission.lines.filter((l) => l.outcome === "not_found");
      notFound.forEach((line) =>
        form.setError(`lineItems.${line.position}.recipeSetReadableId`, {
          type: "spectrum",
          message: NOT_FOUND_MESSAGE,
        }),
      );
      if (notFound[0]) {
        form.setFocus(`lineItems.${notFound[0].position}.recipeSetReadableId`);
      } else {
        requestAnimationFrame(() => resultHeading.current?.focus());
      }
    },
  });

  /** `confirmed`: the warning keys the operator confirmed in the confirmation step; undefined before it. */
  const send = async (payload: LineFormValues, confirmed?: string[]) => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      if (confirmed === undefined && prepare.current) {
        const check = await prepare.current(payload);
        if (check.needsConfirmation || check.warnings.length > 0) {
          setConfirming({ payload, warnings: check.warnings });
          return;
        }
      }
      await mutation.mutateAsync({ payload, confirmedWarnings: confirmed ?? [] });
    } catch {
      // The server (or the sending code) could not be reached; the key is kept so sending again is safe.
      setUnreachable(true);
    } finally {
      inFlight.current = false;
    }
  };

  const check = (event?: BaseSyntheticEvent) => {
    setUnreachable(false);
    return form
      .handleSubmit((payload) => send(payload))(event)
      .catch(() => setUnreachable(true));
  };

  return {
    /** fetches what sending needs (react-query), so the first send does not wait for it */
    preload: mutation.preload,
    submit: check,
    /** Deliberately resend unchanged values as a new submission (after a failure). */
    sendAgain: () => {
      key.current = null;
      void check();
    },
    /** the checked values waiting in the confirmation step, if any */
    confirming,
    /** the operator confirmed: send what was checked */
    confirm: () => {
      const pending = confirming;
      setConfirming(null);
      if (pending)
        void send(
          pending.payload,
          pending.warnings.map((w) => w.key),
        );
    },
    /** back to the form without sending */
    cancelConfirmation: () => setConfirming(null),
    /** the submission a send of this order resubmits, if any */
    resubmitOf: chain.resubmitOf,
    isPending: mutation.isPending,
    result: mutation.data?.ok ? mutation.data.data : null,
    error:
      mutation.data && !mutation.data.ok
        ? mutation.data.message
        : mutation.error || unreachable
          ? TRANSPORT_ERROR
          : null,
  };
}

const TRANSPORT_ERROR =
  "Could not reach the dashboard server, so the outcome is not known here. Sending again is safe: the same submission is never sent to Spectrum twice.";
