import { defaultBreakerPolicy } from './breaker-policy';
import { CallWindow } from './call-window';

describe('CallWindow', () => {
  const ok = { failed: false, slow: false };
  const failed = { failed: true, slow: false };
  const slow = { failed: false, slow: true };
  const fill = (window: CallWindow, outcome: typeof ok, times: number) => {
    for (let i = 0; i < times; i++) window.record(outcome);
  };

  it('gives no verdict before the minimum number of calls, even if all failed', () => {
    const window = new CallWindow(100);
    fill(window, failed, 9);
    expect(window.verdict(defaultBreakerPolicy)).toEqual({ open: false });
  });

  it('opens at a failure rate of 50 % once 10 calls were made', () => {
    const window = new CallWindow(100);
    fill(window, ok, 5);
    fill(window, failed, 4);
    expect(window.verdict(defaultBreakerPolicy).open).toBe(false);
    window.record(failed);
    expect(window.verdict(defaultBreakerPolicy)).toEqual({ open: true, reason: 'failure rate 50 % over the last 10 calls' });
  });

  it('opens at a slow-call rate of 80 %, but not at 79 %', () => {
    const window = new CallWindow(100);
    fill(window, ok, 21);
    fill(window, slow, 79);
    expect(window.verdict(defaultBreakerPolicy).open).toBe(false);
    window.record(slow); // pushes one fast call out of the window of 100
    expect(window.verdict(defaultBreakerPolicy)).toEqual({ open: true, reason: 'slow-call rate 80 % over the last 100 calls' });
  });

  it('judges only the most recent calls', () => {
    const window = new CallWindow(10);
    fill(window, failed, 10);
    fill(window, ok, 10);
    expect(window.failureRate).toBe(0);
    expect(window.calls).toBe(10);
  });
});
