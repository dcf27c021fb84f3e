/**
 * Sliding-window limiter per endpoint, so this process stays under Spectrum's limit
 * (it answers 403 past 100 requests per 60 s per endpoint).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for `key`, or returns how many ms to wait before one frees up. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { ok: false, retryAfterMs: this.windowMs - (now - recent[0]!) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { ok: true };
  }

  /**
   * Whether a slot for `key` is free with `reserve` slots still left over afterwards (without taking one), or how
   * many ms until one is: the bulk runner leaves the reserve to people sending from the forms.
   */
  available(key: string, reserve = 0): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    const allowed = Math.max(1, this.limit - reserve);
    if (recent.length < allowed) return { ok: true };
    return { ok: false, retryAfterMs: this.windowMs - (now - recent[recent.length - allowed]!) };
  }

  /** Gives back the slot just taken for `key`, when nothing was sent with it after all. */
  release(key: string): void {
    this.hits.get(key)?.pop();
  }
}
