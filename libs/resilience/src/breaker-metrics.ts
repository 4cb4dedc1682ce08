// Breaker state for Prometheus: a gauge per breaker (0 closed, 1 half-open, 2 open), the window's
// failure and slow-call rates, and a counter of state changes. Register once per breaker.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Breaker, BreakerState } from './breaker';

/** What metrics need of a breaker, whatever its call signature. */
export type ObservedBreaker = Pick<Breaker<never, unknown>, 'name' | 'state' | 'stats' | 'onStateChange'>;

export const breakerStateValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function registerBreakerMetrics(registry: Registry, breakers: ObservedBreaker[]): void {
  const byName = new Map(breakers.map((b) => [b.name, b]));
  const collectFor = (read: (b: ObservedBreaker) => number) =>
    function (this: Gauge<'breaker'>) {
      for (const [name, breaker] of byName) this.set({ breaker: name }, read(breaker));
    };
  new Gauge({
    name: 'eventshop_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
    registers: [registry],
    collect: collectFor((b) => breakerStateValue[b.state]),
  });
  new Gauge({
    name: 'eventshop_breaker_failure_rate',
    help: 'Failure rate (%) over the breaker window',
    labelNames: ['breaker'],
    registers: [registry],
    collect: collectFor((b) => b.stats().failureRate),
  });
  new Gauge({
    name: 'eventshop_breaker_slow_call_rate',
    help: 'Slow-call rate (%) over the breaker window',
    labelNames: ['breaker'],
    registers: [registry],
    collect: collectFor((b) => b.stats().slowCallRate),
  });
  const transitions = new Counter({
    name: 'eventshop_breaker_transitions_total',
    help: 'Circuit breaker state changes',
    labelNames: ['breaker', 'state'],
    registers: [registry],
  });
  for (const breaker of breakers) breaker.onStateChange((name: string, state: BreakerState) => transitions.inc({ breaker: name, state }));
}
