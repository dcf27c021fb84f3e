import { LocalTime } from "@/components/history/local-time";
import { bannersFor, FORBIDDEN_WAIT_MS, type HealthState } from "@/lib/spectrum/health";

/**
 * "Spectrum in trouble", on every page of the dashboard: after FAILURES_FOR_BANNER consecutive calls failed (no
 * answer, or 5xx), or after a 403, until the next call succeeds. The state is shared by every server on the
 * database (lib/db/health.ts); the layout reads it and passes it in. Nothing when all is well (or unknown).
 */
export function SpectrumBanner({ health }: { health: HealthState | null }) {
  const banners = health ? bannersFor(health) : [];
  if (banners.length === 0) return null;
  const lastSuccessAt = banners[0]!.lastSuccessAt;
  return (
    <div
      role="status"
      aria-label="Spectrum status"
      data-testid="spectrum-banner"
      className="border-b border-amber-300 bg-amber-50"
    >
      <div className="mx-auto flex max-w-7xl flex-col gap-0.5 px-4 py-2 text-sm text-amber-950">
        {banners.map((banner) =>
          banner.kind === "forbidden" ? (
            <p key="forbidden" className="font-semibold" data-testid="spectrum-banner-403">
              Spectrum answered 403 at <LocalTime iso={banner.at} />: rate limited or token rejected. Each endpoint
              waits {FORBIDDEN_WAIT_MS / 1000} s after a 403 before it is called again.
            </p>
          ) : (
            <p key="unreachable" className="font-semibold" data-testid="spectrum-banner-failures">
              Spectrum has not answered since <LocalTime iso={banner.since} /> ({banner.failures} failures).
            </p>
          ),
        )}
        <p>
          {lastSuccessAt ? (
            <>
              The last call that succeeded was at <LocalTime iso={lastSuccessAt} />.
            </>
          ) : (
            "No call has succeeded yet."
          )}{" "}
          This notice clears on the next call that succeeds.
        </p>
      </div>
    </div>
  );
}
