"use client";

import { useHydrated } from "@/components/ui/use-hydrated";
import { formatLocalTime, formatTime } from "./format";

/**
 * A time in the browser's time zone, with the UTC time on hover. The server does not know the browser's zone, so
 * the server's HTML (and the hydrating render) shows UTC, and the local time replaces it once hydrated.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const hydrated = useHydrated();
  const utc = `${formatTime(iso)} UTC`;
  return (
    <time dateTime={iso} title={utc} className={className} suppressHydrationWarning>
      {hydrated ? formatLocalTime(iso) : utc}
    </time>
  );
}
