// A saga's numbers for Prometheus, counted once the transaction that decided them has committed (a
// rolled-back attempt counts nothing): how long sagas take from start to end, by outcome, and how
// each step turns out.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { SagaEvent } from './saga';

/** Where a saga ends, by the event that ends it. */
const outcomes: Partial<Record<SagaEvent['type'], string>> = { SagaCompleted: 'completed', SagaCompensated: 'compensated', SagaParked: 'parked' };
const stepOutcomes: Partial<Record<SagaEvent['type'], string>> = { StepSucceeded: 'succeeded', StepFailed: 'failed', StepCompensated: 'compensated' };

export class SagaMetrics {
  private readonly durations: Histogram<'saga' | 'outcome'>;
  private readonly steps: Counter<'saga' | 'step' | 'outcome'>;

  constructor(registry: Registry) {
    this.durations = new Histogram({
      name: 'eventshop_saga_duration_seconds',
      help: 'Sagas from their start to their end, by outcome (completed, compensated, parked)',
      labelNames: ['saga', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    this.steps = new Counter({
      name: 'eventshop_saga_steps_total',
      help: 'Saga steps by how they turned out (succeeded, failed, compensated)',
      labelNames: ['saga', 'step', 'outcome'],
      registers: [registry],
    });
  }

  /** Whether these events end the saga (then its start time is needed). */
  static ends(events: SagaEvent<unknown>[]): boolean {
    return events.some((e) => outcomes[e.type] !== undefined);
  }

  record(saga: string, events: SagaEvent<unknown>[], startedAt: Date | undefined, now: Date): void {
    for (const event of events) {
      const stepOutcome = stepOutcomes[event.type];
      if (stepOutcome && 'step' in event.data) this.steps.inc({ saga, step: event.data.step, outcome: stepOutcome });
      const outcome = outcomes[event.type];
      if (outcome && startedAt) this.durations.observe({ saga, outcome }, (now.getTime() - startedAt.getTime()) / 1000);
    }
  }
}
