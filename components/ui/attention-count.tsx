"use client";

import { useEffect, useSyncExternalStore } from "react";

/**
 * The "Needs attention" count as the browser last learned it: a send's result updates it, so no page is
 * re-rendered. A tiny store (no query library in every page's JavaScript); null until someone reports a figure.
 */
let reported: number | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Reports a fresher count (a send's result, a server render): the navigation shows it at once. */
export function setAttentionCount(count: number) {
  if (count === reported) return;
  reported = count;
  listeners.forEach((listener) => listener());
}

/** The navigation's count of submissions needing attention: the server's figure, then what sends report. */
export function AttentionCount({ initial }: { initial: number }) {
  // A server render (navigation, reload) brings a fresher figure: adopt it.
  useEffect(() => setAttentionCount(initial), [initial]);
  const count = useSyncExternalStore(
    subscribe,
    () => reported ?? initial,
    () => initial,
  );
  return (
    <span
      data-testid="attention-count"
      className={`rounded-full px-1.5 text-xs font-semibold tabular-nums ${count > 0 ? "bg-red-600 text-white" : "bg-slate-200 text-slate-700"}`}
    >
      {count}
    </span>
  );
}
