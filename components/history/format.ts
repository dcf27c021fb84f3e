const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** Times are shown in UTC everywhere, so what staff read matches the filters and exports. */
export function formatTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
