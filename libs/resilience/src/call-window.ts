// The last N call outcomes, and the verdict on them. Pure: the breaker feeds it and asks.
import type { BreakerPolicy } from './breaker-policy';

export interface CallOutcome {
  failed: boolean;
  slow: boolean;
}

export type Verdict = { open: false } | { open: true; reason: string };

export class CallWindow {
  private readonly outcomes: CallOutcome[] = [];
  private next = 0;

  constructor(private readonly size: number) {}

  record(outcome: CallOutcome): void {
    if (this.outcomes.length < this.size) this.outcomes.push(outcome);
    else this.outcomes[this.next] = outcome;
    this.next = (this.next + 1) % this.size;
  }

  reset(): void {
    this.outcomes.length = 0;
    this.next = 0;
  }

  get calls(): number {
    return this.outcomes.length;
  }

  get failureRate(): number {
    return this.rate((o) => o.failed);
  }

  get slowCallRate(): number {
    return this.rate((o) => o.slow);
  }

  verdict(policy: Pick<BreakerPolicy, 'minimumCalls' | 'failureRateThreshold' | 'slowCallRateThreshold'>): Verdict {
    if (this.calls < policy.minimumCalls) return { open: false };
    if (this.failureRate >= policy.failureRateThreshold) {
      return { open: true, reason: `failure rate ${this.failureRate.toFixed(0)} % over the last ${this.calls} calls` };
    }
    if (this.slowCallRate >= policy.slowCallRateThreshold) {
      return { open: true, reason: `slow-call rate ${this.slowCallRate.toFixed(0)} % over the last ${this.calls} calls` };
    }
    return { open: false };
  }

  private rate(predicate: (o: CallOutcome) => boolean): number {
    return this.calls === 0 ? 0 : (this.outcomes.filter(predicate).length / this.calls) * 100;
  }
}
