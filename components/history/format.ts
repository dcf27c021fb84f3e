const utcDateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** A time in UTC (the server's rendering, the hover title, the admin pages). */
export function formatTime(iso: string): string {
  return utcDateTime.format(new Date(iso));
}

/** A time in the zone this code runs in: the browser's, once on the client. */
export function formatLocalTime(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso));
}

/** The browser's IANA time zone, in which the history's date filters take their days. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
