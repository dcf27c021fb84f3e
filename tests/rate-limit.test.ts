import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "@/lib/spectrum/rate-limit";

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("SlidingWindowLimiter", () => {
  it("allows `limit` calls per window and refuses the next with the time until the oldest frees", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(3, 60_000, c.now);
    expect(limiter.take("tracking")).toEqual({ ok: true });
    c.advance(10_000);
    expect(limiter.take("tracking")).toEqual({ ok: true });
    c.advance(5_000);
    expect(limiter.take("tracking")).toEqual({ ok: true });
    c.advance(1_000);
    // oldest hit at t0, now t0+16 s → 44 s to wait
    expect(limiter.take("tracking")).toEqual({ ok: false, retryAfterMs: 44_000 });
    c.advance(4_000);
    expect(limiter.take("tracking")).toEqual({ ok: false, retryAfterMs: 40_000 });
  });

  it("available() leaves a reserve without taking a slot, and says when one frees beyond it", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(4, 60_000, c.now);
    expect(limiter.available("tracking", 2)).toEqual({ ok: true });
    limiter.take("tracking");
    c.advance(1_000);
    limiter.take("tracking");
    // two of four taken: the batch must leave two for the forms
    expect(limiter.available("tracking", 2)).toEqual({ ok: false, retryAfterMs: 59_000 });
    expect(limiter.available("tracking", 1)).toEqual({ ok: true });
    // the forms may still take the reserved slots
    expect(limiter.take("tracking")).toEqual({ ok: true });
    expect(limiter.take("tracking")).toEqual({ ok: true });
    expect(limiter.take("tracking")).toMatchObject({ ok: false });
  });

  it("refused calls do not take a slot", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(1, 1_000, c.now);
    expect(limiter.take("k").ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      c.advance(100);
      expect(limiter.take("k").ok).toBe(false);
    }
    c.advance(500); // t0 + 1000: the first hit has left the window
    expect(limiter.take("k")).toEqual({ ok: true });
  });

  it("keeps keys independent", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(2, 60_000, c.now);
    expect(limiter.take("tracking").ok).toBe(true);
    expect(limiter.take("tracking").ok).toBe(true);
    expect(limiter.take("tracking").ok).toBe(false);
    expect(limiter.take("status").ok).toBe(true);
    expect(limiter.take("status").ok).toBe(true);
    expect(limiter.take("status").ok).toBe(false);
  });

  it("frees slots one by one as they slide out of the window", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(2, 60_000, c.now);
    limiter.take("k"); // t=0
    c.advance(30_000);
    limiter.take("k"); // t=30 s
    c.advance(29_999); // t=59.999 s
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterMs: 1 });
    c.advance(1); // t=60 s: the first one is out
    expect(limiter.take("k")).toEqual({ ok: true });
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterMs: 30_000 });
    c.advance(60_000);
    expect(limiter.take("k").ok).toBe(true);
    expect(limiter.take("k").ok).toBe(true);
    expect(limiter.take("k").ok).toBe(false);
  });

  it("defaults to a 60 s window", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter(1, undefined, c.now);
    limiter.take("k");
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterMs: 60_000 });
  });
});
