import "server-only";
import { env } from "@/lib/env.mjs";
import { SlidingWindowLimiter } from "./rate-limit";

const globalForLimiter = globalThis as unknown as { spectrumLimiter?: SlidingWindowLimiter };

/**
 * This process's one limiter of calls to Spectrum, per endpoint ("tracking", "status", "lookup"): sends and order
 * lookups count against the same SPECTRUM_RATE_LIMIT_PER_MINUTE, each endpoint on its own.
 */
export const limiter = (globalForLimiter.spectrumLimiter ??= new SlidingWindowLimiter(env.rateLimitPerMinute));
