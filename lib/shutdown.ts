import "server-only";

/**
 * Graceful shutdown of a server process (SIGTERM, SIGINT), installed by instrumentation.ts:
 * 1. new sends are refused at once: "the server is restarting, nothing was sent";
 * 2. sends already under way (their pending row written) run to their end: the call, up to Spectrum's timeout,
 *    and the outcome recorded;
 * 3. the batch runner stops claiming, and lets go of its leases, so another process carries the batches on;
 * 4. then Next.js's own handler closes the server and exits with 128 + the signal's number.
 */

export const RESTARTING_MESSAGE =
  "The server is restarting, so nothing was sent to Spectrum. Send again in a moment: the form keeps what you typed.";

const globalForShutdown = globalThis as unknown as {
  spectrumOpsShutdown?: { stopping: boolean; installed: boolean; inFlight: Set<Promise<unknown>> };
};
const state = (globalForShutdown.spectrumOpsShutdown ??= { stopping: false, installed: false, inFlight: new Set() });

export const isShuttingDown = () => state.stopping;

/** Runs a send that has started (it will call Spectrum) so that shutdown waits for it. */
export function trackSend<T>(work: Promise<T>): Promise<T> {
  state.inFlight.add(work);
  void work.finally(() => state.inFlight.delete(work)).catch(() => undefined);
  return work;
}

/** Stops taking sends and waits (up to `waitMs`) for those under way. */
export async function drainSends(waitMs: number): Promise<{ finished: number; left: number }> {
  state.stopping = true;
  const pending = [...state.inFlight];
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), waitMs).unref());
  await Promise.race([Promise.allSettled(pending), timeout]);
  return { finished: pending.length - state.inFlight.size, left: state.inFlight.size };
}

/**
 * Puts `drain` in front of Next.js's own SIGTERM/SIGINT handlers (registered before instrumentation runs), which
 * then close the server and exit as usual. Without such handlers (NEXT_MANUAL_SIG_HANDLE), exits itself.
 */
export function installShutdown(drain: (signal: NodeJS.Signals) => Promise<void>): void {
  if (state.installed) return;
  state.installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const next = process.listeners(signal);
    process.removeAllListeners(signal);
    let started = false;
    process.on(signal, () => {
      if (started) return;
      started = true;
      void drain(signal)
        .catch((error: unknown) => console.error("[shutdown]", error instanceof Error ? error.message : error))
        .finally(() => {
          if (next.length === 0) process.exit(signal === "SIGTERM" ? 143 : 130);
          for (const listener of next) (listener as (s: NodeJS.Signals) => void)(signal);
        });
    });
  }
}
