// What a rate limiter says about one request: let it through or not, and what the RateLimit-* headers
// tell the client (the limit, what is left, when it is whole again, and when to retry if refused).
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the limit is whole again. */
  resetSeconds: number;
  /** Seconds to wait before a refused request may succeed (0 when allowed). */
  retryAfterSeconds: number;
  /** The policy in the RateLimit-Policy header's form, e.g. "60;w=3" (60 requests, refilled in 3 s). */
  policy: string;
}
