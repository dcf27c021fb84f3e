"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import type { SubmissionResult } from "@/lib/submission-model";

/**
 * Tracks which submission the form is resubmitting. After an attempt that did not succeed, the next send
 * continues the chain from that attempt; after a success the chain is done and the form sends fresh submissions.
 */
export function useResubmitChain(initial: number | undefined) {
  const [resubmitOf, setResubmitOf] = useState(initial);
  const ref = useRef(initial);
  const set = (value: number | undefined) => {
    ref.current = value;
    setResubmitOf(value);
  };
  return {
    resubmitOf,
    /** read at send time */
    current: () => ref.current,
    onResult(result: SubmissionResult) {
      if (ref.current === undefined || result.replayed) return;
      set(result.submission.state === "succeeded" ? undefined : result.submission.id);
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
