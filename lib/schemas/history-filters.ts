import { SUBMISSION_KINDS, SUBMISSION_STATES, type SubmissionKind, type SubmissionState } from "@/lib/spectrum/types";

// Plain checks rather than zod: the history's page parses its URL in the browser too, and zod is ~30 KB there.

/** A text filter: trimmed, empty or longer than `max` dropped. */
const text = (max: number) => (v: string) => {
  const trimmed = v.trim();
  return trimmed && trimmed.length <= max ? trimmed : undefined;
};

/** One of `values`, exactly. */
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string) =>
    (values as readonly string[]).includes(v) ? (v as T) : undefined;

/** YYYY-MM-DD, a real date: Date.parse rolls 2024-02-30 over to March, so only a date that reads back the same. */
function isoDate(v: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v ? v : undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `ms`, in ms. */
function zoneOffset(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The UTC instant at which the calendar day `date` (YYYY-MM-DD) starts in `zone` (UTC without one). A day that
 * starts inside a DST gap starts at the first instant that exists.
 */
export function startOfDay(date: string, zone?: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  if (!zone || zone === "UTC") return midnight;
  const first = midnight - zoneOffset(zone, midnight);
  const second = midnight - zoneOffset(zone, first);
  // The earliest candidate whose wall clock is on that day (not the evening before, around a DST change).
  const onTheDay = [first, second].filter((ms) => ms + zoneOffset(zone, ms) >= midnight);
  return Math.min(...(onTheDay.length > 0 ? onTheDay : [first]));
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * The history view's filters, as they live in the URL: each key is a URL parameter. Unknown or malformed values
 * are dropped rather than failing the page, so an edited or outdated link still shows something sensible.
 */
const HISTORY_FILTERS = {
  kind: oneOf<SubmissionKind>(SUBMISSION_KINDS),
  /** the submission's state ("outcome" is the user's word for it, in links and the filter's label) */
  outcome: oneOf<SubmissionState>(SUBMISSION_STATES),
  environment: text(40),
  /** the operator's email (as recorded on the submission) */
  operator: text(200),
  /** purchase order number prefix */
  po: text(64),
  /** exact recipe set ID: submissions containing that line */
  recipe: text(64),
  /** exact tracking number: submissions with a line that sent it */
  tracking: text(100),
  /** exact serial number: submissions with a line that sent it */
  serial: text(100),
  /** inclusive calendar days, YYYY-MM-DD, in the time zone `tz` (UTC without one) */
  from: isoDate,
  to: isoDate,
  /** the browser's IANA time zone, in which `from` and `to` are days */
  tz: (v: string) => (v.length <= 64 && isTimeZone(v) ? v : undefined),
  /** words in Spectrum's details */
  q: text(200),
  /** a bulk send's id (/bulk/[id]): only the submissions of that batch */
  batch: (v: string) => (/^[1-9]\d{0,9}$/.test(v.trim()) && Number(v) <= 2_147_483_647 ? v.trim() : undefined),
};

/** Every filter optional; an absent filter is undefined. */
export type HistoryFilters = {
  [K in keyof typeof HISTORY_FILTERS]?: Exclude<ReturnType<(typeof HISTORY_FILTERS)[K]>, undefined>;
};
export const HISTORY_FILTER_KEYS = Object.keys(HISTORY_FILTERS) as (keyof HistoryFilters)[];

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: RawParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

export function parseHistoryFilters(params: RawParams): HistoryFilters {
  const filters: Record<string, string> = {};
  for (const key of HISTORY_FILTER_KEYS) {
    const raw = get(params, key);
    const value = typeof raw === "string" ? HISTORY_FILTERS[key](raw) : undefined;
    if (value !== undefined) filters[key] = value;
  }
  return filters as HistoryFilters;
}

/** Keyset position in the list: newest first by (createdAt, id). */
export interface HistoryCursor {
  createdAt: number;
  id: number;
}

export function encodeCursor(c: HistoryCursor): string {
  return `${c.createdAt}_${c.id}`;
}

export function decodeCursor(value: string | undefined | null): HistoryCursor | undefined {
  const m = value ? /^(\d{1,15})_(\d{1,15})$/.exec(value) : null;
  return m ? { createdAt: Number(m[1]), id: Number(m[2]) } : undefined;
}

export interface HistoryPageParams {
  /** rows older than this */
  before?: HistoryCursor;
  /** rows newer than this */
  after?: HistoryCursor;
}

export function parseHistoryPage(params: RawParams): HistoryPageParams {
  const before = decodeCursor(get(params, "before"));
  const after = before ? undefined : decodeCursor(get(params, "after"));
  return { before, after };
}

/** The URL query for filters (and optionally a page), without empty values. */
export function historySearchParams(
  filters: HistoryFilters,
  page: { before?: string; after?: string } = {},
): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of HISTORY_FILTER_KEYS) {
    const value = filters[key];
    if (value) out.set(key, value);
  }
  if (page.before) out.set("before", page.before);
  else if (page.after) out.set("after", page.after);
  return out;
}
