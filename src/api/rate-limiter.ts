// Per-module request budget: a token bucket refilled at `perSecond`, holding at most one
// second's worth, so a short burst passes and a sustained flood is refused.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** perSecond <= 0 disables the limit. */
  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes `amount` tokens (default one) for `key`; false, taking nothing, when its bucket holds fewer. */
  take(key: string, amount = 1): boolean {
    if (this.perSecond <= 0) return true;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.perSecond, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < amount) return false;
    bucket.tokens -= amount;
    return true;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
