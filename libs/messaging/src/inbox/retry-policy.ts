// Bounded retries with exponential backoff and full jitter (AWS Architecture Blog, "Exponential
// Backoff And Jitter"): spread retries out so that many failing consumers do not retry in lockstep.
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last the message goes to the DLQ. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000 };

/** The pause before attempt `attempt + 1`, given that `attempt` (1-based) just failed. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
