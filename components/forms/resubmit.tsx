"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { ATTENTION_STATES } from "@/lib/spectrum/types";
import type { SubmissionResult } from "@/lib/submission-model";

interface ChainHead {
  id: number;
  /** the order it was for; null when the chain was opened on purpose (Resubmit), which may correct the PO */
  purchaseOrderNumber: string | null;
}

/**
 * Tracks which submission the form's next send resubmits. A form opened with Resubmit continues that chain. Any
 * send whose result needs attention (failed, rejected, unknown) starts or continues one: the next send of the same
 * order, corrected in place, is linked to it and, on success, takes it out of Needs attention. A success ends it.
 */
export function useResubmitChain(initial: number | undefined) {
  const [head, setHead] = useState<ChainHead | undefined>(
    initial === undefined ? undefined : { id: initial, purchaseOrderNumber: null },
  );
  const ref = useRef(head);
  const set = (value: ChainHead | undefined) => {
    ref.current = value;
    setHead(value);
  };
  const applies = (h: ChainHead | undefined, purchaseOrderNumber: string) =>
    h && (h.purchaseOrderNumber === null || h.purchaseOrderNumber === purchaseOrderNumber.trim()) ? h.id : undefined;
  return {
    /** the submission a send of this order would resubmit, for the banner */
    resubmitOf: (purchaseOrderNumber: string) => applies(head, purchaseOrderNumber),
    /** read at send time */
    current: (purchaseOrderNumber: string) => applies(ref.current, purchaseOrderNumber),
    onResult(result: SubmissionResult) {
      if (result.replayed) return;
      const s = result.submission;
      if (!(ATTENTION_STATES as readonly string[]).includes(s.state)) return set(undefined);
      set({ id: s.id, purchaseOrderNumber: ref.current?.purchaseOrderNumber === null ? null : s.purchaseOrderNumber });
    },
  };
}

export function ResubmitBanner({ id }: { id: number | undefined }) {
  if (id === undefined) return null;
  return (
    <p className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950" data-testid="resubmit-banner">
      Resubmitting{" "}
      <Link href={`/history/${id}`} className="font-semibold underline">
        submission #{id}
      </Link>
      . Check and correct the lines, then send: this creates a new submission linked to it.
    </p>
  );
}
