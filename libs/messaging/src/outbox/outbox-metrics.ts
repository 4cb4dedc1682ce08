// The outbox for Prometheus, read from its table when scraped: how many messages wait to be published
// and how long the oldest has waited — the relay's lag — and whether this instance's relay is the one
// publishing (one leads per service, by an advisory lock). Rows the leader has published stay in the
// table until its next batched delete; its instance leaves them out. A database that does not answer
// leaves the gauges unset for that scrape instead of failing /metrics.
import { Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { OutboxRelay } from './outbox-relay';

export function registerOutboxMetrics(registry: Registry, pool: Pool, relay: Pick<OutboxRelay, 'isLeader' | 'publishedNotDeleted'>): void {
  new Gauge({
    name: 'eventshop_outbox_relay_leader',
    help: "1 when this instance's outbox relay is the service's publishing leader, else 0",
    registers: [registry],
    collect() {
      this.set(relay.isLeader ? 1 : 0);
    },
  });
  const oldest = new Gauge({
    name: 'eventshop_outbox_oldest_age_seconds',
    help: 'How long the oldest unpublished outbox message has waited',
    registers: [registry],
  });
  new Gauge({
    name: 'eventshop_outbox_pending_messages',
    help: 'Messages in the outbox, not yet published',
    registers: [registry],
    async collect() {
      try {
        const { rows } = await pool.query<{ pending: number; age: number }>(
          `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
           FROM outbox WHERE id <> ALL($1::bigint[])`,
          [relay.publishedNotDeleted()],
        );
        this.set(rows[0].pending);
        oldest.set(rows[0].age);
      } catch {
        // No answer this scrape: the gauges keep their last values.
      }
    },
  });
}
