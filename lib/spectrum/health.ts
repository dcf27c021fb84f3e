import type { Exchange } from "./types";

/**
 * "Spectrum in trouble": how this dashboard's calls to Spectrum have been going, as a pure state machine. The state
 * lives in the database (lib/db/health.ts), so every server process on the database shares it.
 *
 * - A call that fails at transport level (nothing sent, no answer) or with a 5xx adds one to the consecutive
 *   failures; any other answer (2xx, 404, 409, …) except 403 is a success: it resets them and clears the banner.
 * - A 403 (rate limited, or the token rejected: Spectrum does not say which) is remembered with its endpoint: for
 *   FORBIDDEN_WAIT_MS no call is made to that endpoint (a send or a lookup is refused with the time left).
 * - The banner shows from FAILURES_FOR_BANNER consecutive failures, or after a 403, until the next success.
 */

/** The endpoints, each with its own 403 wait: the two send kinds and the order lookup. */
export const HEALTH_ENDPOINTS = ["tracking", "status", "lookup"] as const;
export type HealthEndpoint = (typeof HEALTH_ENDPOINTS)[number];

export const FORBIDDEN_WAIT_MS = 60_000;
export const FAILURES_FOR_BANNER = 3;
/** A success is written only when it changes something, or when the stored last success is older than this. */
export const SUCCESS_WRITE_INTERVAL_MS = 10_000;

export type CallClass = "success" | "failure" | "forbidden";

export interface HealthState {
  consecutiveFailures: number;
  /** the first failure of the current run of failures */
  failingSince: string | null;
  lastFailureAt: string | null;
  lastSuccessAt: string | null;
  /** the newest 403 on any endpoint */
  last403At: string | null;
  /** the newest 403 of each endpoint, for its wait */
  endpoint403At: Partial<Record<HealthEndpoint, string>>;
}

export const INITIAL_HEALTH: HealthState = {
  consecutiveFailures: 0,
  failingSince: null,
  lastFailureAt: null,
  lastSuccessAt: null,
  last403At: null,
  endpoint403At: {},
};

export function classifyExchange(exchange: Exchange): CallClass {
  if (exchange.type !== "response") return "failure";
  if (exchange.status === 403) return "forbidden";
  if (exchange.status >= 500) return "failure";
  return "success";
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/** The state after one call to `endpoint` that ended as `result` at `now`. */
export function nextHealth(state: HealthState, endpoint: HealthEndpoint, result: CallClass, now: Date): HealthState {
  const at = now.toISOString();
  switch (result) {
    case "success":
      return { ...state, consecutiveFailures: 0, failingSince: null, lastSuccessAt: at };
    case "failure":
      return {
        ...state,
        consecutiveFailures: state.consecutiveFailures + 1,
        failingSince: state.failingSince ?? at,
        lastFailureAt: at,
      };
    case "forbidden":
      return { ...state, last403At: at, endpoint403At: { ...state.endpoint403At, [endpoint]: at } };
  }
}

/**
 * Whether a call's result must be written. Failures and 403s always are; a success only when it clears something
 * (failures, a 403 not yet followed by a success) or the stored last success is SUCCESS_WRITE_INTERVAL_MS old, so
 * a busy day of successful sends costs no write per send.
 */
export function needsWrite(state: HealthState, result: CallClass, now: Date): boolean {
  if (result !== "success") return true;
  return (
    state.consecutiveFailures > 0 ||
    state.failingSince !== null ||
    ms(state.last403At) > ms(state.lastSuccessAt) ||
    now.getTime() - ms(state.lastSuccessAt) >= SUCCESS_WRITE_INTERVAL_MS
  );
}

/** Whether a call to `endpoint` may be made now: not within FORBIDDEN_WAIT_MS of its last 403. */
export function waitBeforeCall(
  state: HealthState,
  endpoint: HealthEndpoint,
  now: Date,
): { ok: true } | { ok: false; retryAfterMs: number; last403At: string } {
  const last403At = state.endpoint403At[endpoint];
  if (!last403At) return { ok: true };
  const left = ms(last403At) + FORBIDDEN_WAIT_MS - now.getTime();
  return left > 0 ? { ok: false, retryAfterMs: left, last403At } : { ok: true };
}

/** The refusal of a call within the wait after a 403: nothing is sent. */
export function waitMessage(wait: { retryAfterMs: number }, what: "sent" | "looked up"): string {
  const seconds = Math.max(1, Math.ceil(wait.retryAfterMs / 1000));
  return `Not ${what}: Spectrum answered 403 (rate limited or token rejected) less than a minute ago, and this dashboard waits 60 s before calling it again. Try again in ${seconds} s. Nothing was sent to Spectrum.`;
}

export type Banner =
  | { kind: "unreachable"; since: string; failures: number; lastSuccessAt: string | null }
  | { kind: "forbidden"; at: string; lastSuccessAt: string | null };

/** What the banner says (none when all is well): a 403 not followed by a success, and/or a run of failures. */
export function bannersFor(state: HealthState): Banner[] {
  const banners: Banner[] = [];
  if (state.last403At && ms(state.last403At) > ms(state.lastSuccessAt)) {
    banners.push({ kind: "forbidden", at: state.last403At, lastSuccessAt: state.lastSuccessAt });
  }
  if (state.consecutiveFailures >= FAILURES_FOR_BANNER && state.failingSince) {
    banners.push({
      kind: "unreachable",
      since: state.failingSince,
      failures: state.consecutiveFailures,
      lastSuccessAt: state.lastSuccessAt,
    });
  }
  return banners;
}
