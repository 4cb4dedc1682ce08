// Projection lag under a steady load. A write side commits facts as a service does — the event in its
// stream and the message in the outbox, one transaction — at a fixed rate, and the outbox relay
// publishes them; the query service (its own process) projects them. Each fact's lag runs from its
// commit to the moment its change is visible in the order views: the change is written to
// order_changes in the projection's own transaction, and this polls that table every few milliseconds.
import { withTransaction, EventStore } from '@eventshop/event-store';
import { Outbox, OutboxRelay } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { FactTopic, ShopFact } from './order-histories';

export interface LagRun {
  /** Facts committed on the write side during the load. */
  committed: number;
  seconds: number;
  /** Commit → visible, in milliseconds, for every fact with a place in an order's timeline. */
  lagsMs: number[];
  /** Such facts committed but never seen in the view. */
  unseen: number;
  pollIntervalMs: number;
}

interface LagOptions {
  writeDb: Pool;
  queryDb: Pool;
  kafka: Kafka;
  logger: Logger;
  topics: Record<FactTopic, string>;
  facts: Iterator<ShopFact>;
  perSecond: number;
  seconds: number;
  pollIntervalMs?: number;
}

const sourceOf: Partial<Record<FactTopic, string>> = { paymentEvents: 'payment', shippingEvents: 'shipping', orderEvents: 'order' };

/** The keys of the timeline entries a fact adds (the table's key): a saga transition's one per saga event. */
function entryKeysOf({ topic, envelope }: ShopFact): string[] {
  const data = envelope.data as { orderId?: string; progress?: { sequence: number; kind: string }[] };
  if (!sourceOf[topic] || !data.orderId) return [];
  if (envelope.type === 'OrderSagaProgressed') return (data.progress ?? []).map((p) => `${data.orderId}|saga|${p.sequence}|${p.kind}`);
  return [`${data.orderId}|${sourceOf[topic]}|0|${envelope.type}`];
}

interface ChangeRow {
  position: string;
  order_id: string;
  change: { entry?: { source: string; sequence: number; kind: string } };
}

export async function measureProjectionLag(options: LagOptions): Promise<LagRun> {
  const { writeDb, queryDb, kafka, logger, topics, facts, perSecond, seconds } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5;
  const service = 'bench_write_side';
  const store = new EventStore(writeDb);
  const outbox = new Outbox(service);
  const relay = new OutboxRelay({ service, pool: writeDb, kafka, logger, batchSize: 500, pollIntervalMs: 1_000 }).start();
  while (!relay.isLeader) await new Promise((r) => setTimeout(r, 20));

  const committedAt = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  // The feed's positions are drawn before commit, so a lower one can become visible after a higher
  // one: everything above the highest position below which all were seen is read again, and a hole
  // still open after a second is a rolled-back transaction's and skipped.
  let below = Number((await queryDb.query<{ max: string | null }>('SELECT max(position)::text AS max FROM order_changes')).rows[0].max ?? 0);
  const seen = new Map<number, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const { rows } = await queryDb.query<ChangeRow>('SELECT position::text, order_id, change FROM order_changes WHERE position > $1 ORDER BY position', [
        below,
      ]);
      const now = Date.now();
      for (const row of rows) {
        const position = Number(row.position);
        if (seen.has(position)) continue;
        seen.set(position, now);
        const entry = row.change.entry;
        if (entry) visibleAt.set(`${row.order_id}|${entry.source}|${entry.sequence}|${entry.kind}`, now);
      }
      for (;;) {
        if (seen.delete(below + 1)) below++;
        else if (seen.size > 0 && now - Math.min(...seen.values()) > 1_000) below++;
        else break;
      }
      await new Promise((r) => setTimeout(r, pollIntervalMs));
    }
  })();

  const commit = async (fact: ShopFact) => {
    await withTransaction(writeDb, async (tx) => {
      await store.appendToStream(`${fact.topic}-${fact.key}`, [{ type: fact.envelope.type, data: fact.envelope.data }], { expectedVersion: 'any', tx });
      await outbox.enqueue(tx, [{ topic: topics[fact.topic], key: fact.key, envelope: fact.envelope }]);
    });
    for (const key of entryKeysOf(fact)) committedAt.set(key, Date.now());
  };

  // Open loop: a fact leaves on schedule whatever the previous one is doing — except that, as in a
  // service, one aggregate's facts are committed one after another (its stream has one writer).
  const total = Math.round(perSecond * seconds);
  const inFlight: Promise<void>[] = [];
  const lastOfStream = new Map<string, Promise<void>>();
  const commitInTurn = (fact: ShopFact) => {
    const stream = `${fact.topic}-${fact.key}`;
    const turn = (lastOfStream.get(stream) ?? Promise.resolve()).then(() => commit(fact));
    lastOfStream.set(stream, turn);
    return turn;
  };
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const next = facts.next();
    if (next.done) break;
    inFlight.push(commitInTurn(next.value));
  }
  await Promise.all(inFlight); // (the first failure, if any, ends the run)
  const loadSeconds = (performance.now() - started) / 1000;
  const drainUntil = Date.now() + 15_000;
  while ([...committedAt.keys()].some((k) => !visibleAt.has(k)) && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  polling = false;
  await poller;
  await relay.stop();

  const lagsMs: number[] = [];
  let unseen = 0;
  for (const [key, at] of committedAt) {
    const visible = visibleAt.get(key);
    if (visible === undefined) unseen++;
    // Seen by a poll that began before the commit's answer arrived here: visible within the same instant.
    else lagsMs.push(Math.max(0, visible - at));
  }
  return { committed: inFlight.length, seconds: loadSeconds, lagsMs, unseen, pollIntervalMs };
}
