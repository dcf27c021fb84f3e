"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

/** The react-query key of the "Needs attention" count: a send's result updates it, so no page is re-rendered. */
export const ATTENTION_COUNT_KEY = ["attention-count"] as const;

/** The navigation's count of submissions needing attention: the server's figure, then what sends report. */
export function AttentionCount({ initial }: { initial: number }) {
  const client = useQueryClient();
  // A server render (navigation, reload) brings a fresher figure: adopt it.
  useEffect(() => {
    client.setQueryData(ATTENTION_COUNT_KEY, initial);
  }, [client, initial]);
  const { data = initial } = useQuery({
    queryKey: ATTENTION_COUNT_KEY,
    queryFn: () => client.getQueryData<number>(ATTENTION_COUNT_KEY) ?? initial,
    initialData: initial,
    staleTime: Infinity,
  });
  return (
    <span
      data-testid="attention-count"
      className={`rounded-full px-1.5 text-xs font-semibold tabular-nums ${data > 0 ? "bg-red-600 text-white" : "bg-slate-200 text-slate-700"}`}
    >
      {data}
    </span>
  );
}
