// What each inbox consumer has done, for Prometheus: messages handled, copies the inbox recognised and
// skipped (a redelivery, a rebalance's re-read, the relay republishing after a crash), retries and
// dead letters — counted since the process started.
import { Counter, type Registry } from 'prom-client';
import type { InboxConsumer } from './inbox-consumer';

const outcomes = { handled: 'handled', duplicates: 'duplicate', retries: 'retried', deadLettered: 'dead-lettered' } as const;

export function registerInboxMetrics(registry: Registry, consumers: () => { name: string; consumer: Pick<InboxConsumer<unknown>, 'stats'> }[]): void {
  const reported = new Map<string, number>();
  new Counter({
    name: 'eventshop_inbox_messages_total',
    help: 'Messages each consumer received, by outcome: handled, duplicate (skipped by the inbox), retried, dead-lettered',
    labelNames: ['consumer', 'outcome'],
    registers: [registry],
    collect() {
      // The consumers count in plain fields; the counter catches up with them at each scrape.
      for (const { name, consumer } of consumers()) {
        for (const [field, outcome] of Object.entries(outcomes) as [keyof typeof outcomes, string][]) {
          const key = `${name}\u0000${outcome}`;
          const now = consumer.stats[field];
          this.inc({ consumer: name, outcome }, now - (reported.get(key) ?? 0));
          reported.set(key, now);
        }
      }
    },
  });
}
