// When a breaker opens, as ARCHITECTURE.md sets it (after Resilience4j's count-based window): judge the
// last 100 calls once at least 10 were made; open at >= 50 % failures or >= 80 % slow calls (slow =
// 3 s); stay open 30 s, then let trial calls through (half-open). Every number can be overridden.
export interface BreakerPolicy {
  /** Percent of failed calls in the window that opens the breaker. */
  failureRateThreshold: number;
  /** Percent of slow calls in the window that opens the breaker. */
  slowCallRateThreshold: number;
  /** A call taking at least this long is slow (whether it succeeded or not). */
  slowCallDurationMs: number;
  /** How many of the most recent calls are judged. */
  windowSize: number;
  /** No verdict before this many calls are in the window. */
  minimumCalls: number;
  /** How long the breaker stays open before a trial call is let through. */
  openDurationMs: number;
  /** A call still running after this long fails (and counts as a failure); false for no limit. */
  timeoutMs: number | false;
  /** Bulkhead: calls allowed in flight at once; more are rejected at once. */
  maxConcurrent: number;
}

export const defaultBreakerPolicy: BreakerPolicy = {
  failureRateThreshold: 50,
  slowCallRateThreshold: 80,
  slowCallDurationMs: 3_000,
  windowSize: 100,
  minimumCalls: 10,
  openDurationMs: 30_000,
  timeoutMs: 10_000,
  maxConcurrent: 64,
};
