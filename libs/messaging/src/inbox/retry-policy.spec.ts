import { backoffDelay, type RetryPolicy } from './retry-policy';

describe('backoffDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 6, initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling each attempt', () => {
    const highest = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4].map(highest)).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the maximum', () => {
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
  });

  it('waits at least half the ceiling (jitter never collapses to zero)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });
});
