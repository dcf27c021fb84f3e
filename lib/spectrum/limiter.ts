import "server-only";
import { releaseRateSlot, takeRateSlot, type BudgetAnswer } from "@/lib/db/rate-budget";
import { env } from "@/lib/env.mjs";

/**
 * Calls to Spectrum, per endpoint ("tracking", "status", "lookup"), counted against SPECTRUM_RATE_LIMIT_PER_MINUTE
 * in the budget every server process on the database shares (lib/db/rate-budget.ts): sends from the forms, the
 * batch runner and order lookups alike, each endpoint on its own. Throws DatabaseUnavailableError when the budget
 * cannot be read: then nothing may be sent.
 */
export function takeSpectrumSlot(endpoint: string, reserve = 0): Promise<BudgetAnswer> {
  return takeRateSlot(endpoint, { limit: env.rateLimitPerMinute, reserve });
}

/** Gives back a slot just taken when nothing was sent with it after all. */
export function releaseSpectrumSlot(endpoint: string, taken: BudgetAnswer): Promise<void> {
  return taken.ok ? releaseRateSlot(endpoint, taken) : Promise.resolve();
}

export const rateLimitMessage = (verb: "sent" | "looked up", retryAfterMs: number) =>
  `Not ${verb}: this dashboard keeps under Spectrum's rate limit (${env.rateLimitPerMinute} requests per minute, shared by every server). Try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
