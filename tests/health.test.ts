import { describe, expect, it } from "vitest";
import {
  bannersFor,
  classifyExchange,
  FORBIDDEN_WAIT_MS,
  INITIAL_HEALTH,
  needsWrite,
  nextHealth,
  waitBeforeCall,
  waitMessage,
  type CallClass,
  type HealthState,
} from "@/lib/spectrum/health";
import type { Exchange } from "@/lib/spectrum/types";

const T0 = new Date("2026-11-23T14:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function run(steps: [CallClass, number, ("tracking" | "status" | "lookup")?][], from: HealthState = INITIAL_HEALTH) {
  return steps.reduce((state, [result, s, endpoint]) => nextHealth(state, endpoint ?? "tracking", result, at(s)), from);
}

const response = (status: number): Exchange => ({
  type: "response",
  status,
  contentType: null,
  bodyText: "",
  truncated: false,
  durationMs: 1,
});

describe("classifyExchange", () => {
  it("transport failures and 5xx are failures, 403 is forbidden, any other answer is a success", () => {
    expect(classifyExchange({ type: "not-sent", code: "ECONNREFUSED", detail: "", durationMs: 1 })).toBe("failure");
    expect(
      classifyExchange({ type: "no-response", reason: "reset", code: "ECONNRESET", detail: "", durationMs: 1 }),
    ).toBe("failure");
    expect([500, 502, 503].map((s) => classifyExchange(response(s)))).toEqual(["failure", "failure", "failure"]);
    expect(classifyExchange(response(403))).toBe("forbidden");
    expect([200, 404, 409, 401].map((s) => classifyExchange(response(s)))).toEqual([
      "success",
      "success",
      "success",
      "success",
    ]);
  });
});

describe("the banner", () => {
  it("nothing until three consecutive failures; then 'has not answered since' the first of them", () => {
    const two = run([
      ["success", 0],
      ["failure", 120],
      ["failure", 130],
    ]);
    expect(bannersFor(two)).toEqual([]);
    const three = run([["failure", 140]], two);
    expect(bannersFor(three)).toEqual([
      { kind: "unreachable", since: at(120).toISOString(), failures: 3, lastSuccessAt: T0.toISOString() },
    ]);
  });

  it("failures on different endpoints add up; a success anywhere clears them", () => {
    const failing = run([
      ["failure", 1, "tracking"],
      ["failure", 2, "status"],
      ["failure", 3, "lookup"],
    ]);
    expect(bannersFor(failing)).toHaveLength(1);
    const cleared = run([["success", 4, "lookup"]], failing);
    expect(bannersFor(cleared)).toEqual([]);
    expect(cleared.lastSuccessAt).toBe(at(4).toISOString());
    expect(
      bannersFor(
        run(
          [
            ["failure", 5],
            ["failure", 6],
          ],
          cleared,
        ),
      ),
    ).toEqual([]);
  });

  it("a 403 shows at once, with when the last call succeeded, until the next success", () => {
    const forbidden = run([
      ["success", 0],
      ["forbidden", 300, "status"],
    ]);
    expect(bannersFor(forbidden)).toEqual([
      { kind: "forbidden", at: at(300).toISOString(), lastSuccessAt: T0.toISOString() },
    ]);
    // Another answer that is not a success (a failure) leaves it up.
    expect(bannersFor(run([["failure", 310]], forbidden)).map((b) => b.kind)).toEqual(["forbidden"]);
    expect(bannersFor(run([["success", 400, "tracking"]], forbidden))).toEqual([]);
  });

  it("a 403 and a run of failures both show", () => {
    const both = run([
      ["forbidden", 1],
      ["failure", 2],
      ["failure", 3],
      ["failure", 4],
    ]);
    expect(bannersFor(both).map((b) => b.kind)).toEqual(["forbidden", "unreachable"]);
    expect(bannersFor(both)[0]?.lastSuccessAt).toBeNull();
  });
});

describe("the wait after a 403", () => {
  const forbidden = run([["forbidden", 0, "tracking"]]);

  it("refuses calls to that endpoint for 60 s, with the time left", () => {
    expect(waitBeforeCall(forbidden, "tracking", at(0))).toEqual({
      ok: false,
      retryAfterMs: FORBIDDEN_WAIT_MS,
      last403At: T0.toISOString(),
    });
    const later = waitBeforeCall(forbidden, "tracking", at(42.5));
    expect(later).toMatchObject({ ok: false, retryAfterMs: 17_500 });
    expect(waitMessage(later as { retryAfterMs: number }, "sent")).toMatch(
      /^Not sent: Spectrum answered 403 .* Try again in 18 s\. Nothing was sent to Spectrum\.$/,
    );
    expect(waitBeforeCall(forbidden, "tracking", at(60))).toEqual({ ok: true });
  });

  it("other endpoints are not held back", () => {
    expect(waitBeforeCall(forbidden, "status", at(1))).toEqual({ ok: true });
    expect(waitBeforeCall(forbidden, "lookup", at(1))).toEqual({ ok: true });
  });

  it("a success elsewhere clears the banner but not the endpoint's wait", () => {
    const state = run([["success", 5, "status"]], forbidden);
    expect(bannersFor(state)).toEqual([]);
    expect(waitBeforeCall(state, "tracking", at(10)).ok).toBe(false);
  });
});

describe("what is written", () => {
  it("failures and 403s always; a success only when it changes something or every 10 s", () => {
    expect(needsWrite(INITIAL_HEALTH, "failure", T0)).toBe(true);
    expect(needsWrite(INITIAL_HEALTH, "forbidden", T0)).toBe(true);
    expect(needsWrite(INITIAL_HEALTH, "success", T0)).toBe(true);
    const ok = run([["success", 0]]);
    expect(needsWrite(ok, "success", at(9))).toBe(false);
    expect(needsWrite(ok, "success", at(10))).toBe(true);
    expect(needsWrite(run([["failure", 1]], ok), "success", at(2))).toBe(true);
    expect(needsWrite(run([["forbidden", 1]], ok), "success", at(2))).toBe(true);
  });
});
