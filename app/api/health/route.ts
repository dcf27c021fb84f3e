import { databaseReadiness } from "@/lib/db/readiness";
import { env } from "@/lib/env.mjs";
import { spectrumReachable, type Reachability } from "@/lib/spectrum/reachability";

export const dynamic = "force-dynamic";

/** Spectrum's reachability is checked at most every 5 s, however often the health check is polled. */
const SPECTRUM_CHECK_TTL_MS = 5_000;
const cache = globalThis as unknown as { spectrumReachability?: { at: number; result: Promise<Reachability> } };

function spectrumCheck(): Promise<Reachability> {
  const base = env.spectrumBaseUrl;
  if (!base) return Promise.resolve({ ok: false, ms: 0, error: "not configured" });
  const cached = cache.spectrumReachability;
  if (cached && Date.now() - cached.at < SPECTRUM_CHECK_TTL_MS) return cached.result;
  const result = spectrumReachable(base);
  cache.spectrumReachability = { at: Date.now(), result };
  return result;
}

/**
 * GET /api/health: no session needed, no secrets in the answer.
 * - `?live`: liveness only (the process answers): always 200.
 * - otherwise readiness: the audit database reachable and migrated, and Spectrum's host accepting a connection
 *   (TCP/TLS only: no request, no token). 200 when ready, 503 when not, with what failed.
 */
export async function GET(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  const uptimeSeconds = Math.round(process.uptime());
  if (new URL(request.url).searchParams.has("live")) {
    return Response.json({ status: "alive", uptimeSeconds }, { headers });
  }
  const [database, spectrum] = await Promise.all([databaseReadiness(), spectrumCheck()]);
  const ready = database.ok && spectrum.ok;
  return Response.json(
    {
      status: ready ? "ready" : "not ready",
      uptimeSeconds,
      checks: {
        database,
        spectrum: { ...spectrum, environment: env.environmentName, sandbox: env.isSandbox },
      },
    },
    { status: ready ? 200 : 503, headers },
  );
}
