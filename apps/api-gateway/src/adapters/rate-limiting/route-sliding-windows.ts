// A sliding window per route, for all clients together: at most `limit` requests in any window of
// `windowMs`. The sliding-window counter — the previous fixed window's count weighted by how much of
// it the sliding window still covers, plus the current one's — needs two numbers per route instead of
// a timestamp per request, and never lets through twice the limit at a window's edge as a fixed
// window does. No maintained Node library offers it in memory, so it is written here (small, tested).
import type { RateLimitVerdict } from './rate-limit-verdict';

export interface SlidingWindowPolicy {
  limit: number;
  windowMs: number;
}

interface Counts {
  window: number;
  current: number;
  previous: number;
}

export class RouteSlidingWindows {
  private readonly routes = new Map<string, Counts>();
  private readonly policy: string;

  constructor(
    private readonly settings: SlidingWindowPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.policy = `${settings.limit};w=${Math.ceil(settings.windowMs / 1000)}`;
  }

  take(route: string): RateLimitVerdict {
    const { limit, windowMs } = this.settings;
    const now = this.now();
    const counts = this.countsOf(route, Math.floor(now / windowMs));
    const windowStart = counts.window * windowMs;
    const covered = 1 - (now - windowStart) / windowMs; // share of the previous window still inside
    const estimate = counts.previous * covered + counts.current;
    const allowed = estimate + 1 <= limit;
    if (allowed) counts.current++;
    return {
      allowed,
      limit,
      remaining: Math.max(0, Math.floor(limit - estimate - (allowed ? 1 : 0))),
      resetSeconds: Math.ceil((windowStart + 2 * windowMs - now) / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(this.waitMs(counts, now, windowStart) / 1000)),
      policy: this.policy,
    };
  }

  /** How long until one more request fits: until the previous window's weight has shrunk enough. */
  private waitMs({ current, previous }: Counts, now: number, windowStart: number): number {
    const { limit, windowMs } = this.settings;
    if (current + 1 > limit) {
      // Not before the next window, and then until this window's weight lets one more in.
      const share = current === 0 ? 0 : Math.max(0, 1 - (limit - 1) / current);
      return windowStart + windowMs + share * windowMs - now;
    }
    const needed = previous === 0 ? 0 : 1 - (limit - 1 - current) / previous; // elapsed share that fits
    return Math.max(0, windowStart + needed * windowMs - now);
  }

  private countsOf(route: string, window: number): Counts {
    const counts = this.routes.get(route) ?? { window, current: 0, previous: 0 };
    if (window !== counts.window) {
      counts.previous = window === counts.window + 1 ? counts.current : 0;
      counts.current = 0;
      counts.window = window;
    }
    this.routes.set(route, counts);
    return counts;
  }
}
