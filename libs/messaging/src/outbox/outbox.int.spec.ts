import { spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'pg';
import { EventStore } from '@eventshop/event-store';
import { sleep, waitUntil } from '@eventshop/testing';
import { headersOf } from '../kafka/envelope-headers';
import { createEffectsTable, effects, recordEffect } from '../test-support/effects';
import { itemAdded, messagingFixture, quietLogger, type MessagingFixture } from '../test-support/messaging-fixture';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

describe('transactional outbox + relay (PostgreSQL + Kafka)', () => {
  let f: MessagingFixture;
  const started: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    f = await messagingFixture('outbox');
    await createEffectsTable(f.db.pool);
  });
  afterEach(async () => {
    while (started.length) await started.pop()!.stop();
  });
  afterAll(() => f.cleanup());

  const relay = (service = f.service, extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) => {
    const r = new OutboxRelay({ service, pool: f.db.pool, kafka: f.kafka, logger: quietLogger, pollIntervalMs: 200, leaderRetryMs: 100, ...extra }).start();
    started.push(r);
    return r;
  };
  const consumer = async (name: string, topic: string) => {
    const c = f.inboxConsumer(name, topic, { handle: recordEffect });
    await c.start();
    started.push(c);
    return c;
  };
  const outboxCount = async () => Number((await f.db.pool.query('SELECT count(*) FROM outbox')).rows[0].count);
  const clear = () => f.db.pool.query('TRUNCATE effects, inbox');

  it('publishes a message of a committed transaction and never one of a rolled-back transaction', async () => {
    await clear();
    const topic = await f.newTopic('commit');
    const outbox = new Outbox(f.service);
    const rolledBack = itemAdded(topic, 'k-rb', 1);
    const committed = itemAdded(topic, 'k-ok', 1);
    await expect(
      f.store.transaction(async (tx) => {
        await f.store.appendToStream('cart-rb', [{ type: 'ItemAdded', data: {} }], { expectedVersion: 0, tx });
        await outbox.enqueue(tx, [rolledBack]);
        throw new Error('business rule failed after enqueue');
      }),
    ).rejects.toThrow();
    await f.store.transaction(async (tx) => {
      await f.store.appendToStream('cart-ok', [{ type: 'ItemAdded', data: {} }], { expectedVersion: 0, tx });
      await outbox.enqueue(tx, [committed]);
    });
    relay();
    await consumer('outbox-commit', topic);
    await waitUntil('the committed message', async () => (await effects(f.db.pool)).length === 1);
    await waitUntil('the outbox to drain', async () => (await outboxCount()) === 0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await effects(f.db.pool)).map((e) => e.message_id)).toEqual([committed.envelope.messageId]);
  });

  it("writes all of a transaction's messages together as it commits, in the order they were enqueued", async () => {
    const topic = await f.newTopic('gather');
    const outbox = new Outbox(`${f.service}_gather`); // no relay: the rows stay to be read
    const messages = [1, 2, 3].map((seq) => itemAdded(topic, 'k-gather', seq));
    await f.store.transaction(async (tx) => {
      await outbox.enqueue(tx, [messages[0]]);
      await outbox.enqueue(tx, messages.slice(1));
      const inside = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE topic = $1', [topic]);
      expect(inside.rows[0].n).toBe(0); // gathered, not yet written
    });
    const { rows } = await f.db.pool.query<{ message_id: string }>('SELECT message_id FROM outbox WHERE topic = $1 ORDER BY id', [topic]);
    expect(rows.map((r) => r.message_id)).toEqual(messages.map((m) => m.envelope.messageId));
    await f.db.pool.query('DELETE FROM outbox WHERE topic = $1', [topic]);
  });

  it('has exactly one effect when the relay is killed between publishing and marking sent', async () => {
    await clear();
    const service = `${f.service}_kill`;
    const topic = await f.newTopic('kill');
    const message = itemAdded(topic, 'k-kill', 1);
    await f.store.transaction((tx) => new Outbox(service).enqueue(tx, [message]));

    // A real process, killed with SIGKILL right after Kafka acknowledged the batch.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../test-support/relay-that-dies.ts'), f.db.name, service], {
      cwd: path.resolve(__dirname, '../../../..'),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    expect(exit).toBe('SIGKILL');
    expect(output).toContain(`published ${message.envelope.messageId}`);
    expect(await outboxCount()).toBe(1); // still there: the relay died before deleting it

    // A new relay takes over (the dead one's lock went with its session) and publishes it again.
    const successor = relay(service);
    const inbox = await consumer('outbox-kill', topic);
    await waitUntil('the outbox to drain', async () => (await outboxCount()) === 0);
    await waitUntil('both deliveries to reach the consumer', () => inbox.stats.handled + inbox.stats.duplicates === 2);
    expect(successor.published).toBe(1);
    expect(inbox.stats).toMatchObject({ handled: 1, duplicates: 1 });
    expect(await effects(f.db.pool)).toEqual([{ message_id: message.envelope.messageId, key: 'k-kill', seq: 1 }]);
  });

  it('publishes a row whose notification was lost, by polling', async () => {
    await clear();
    const topic = await f.newTopic('poll');
    const service = `${f.service}_poll`;
    const r = relay(service);
    await waitUntil('the relay to lead', () => r.isLeader);
    const message = itemAdded(topic, 'k-poll', 1);
    // Written without the NOTIFY that Outbox.enqueue sends, as if the notification had been lost.
    await f.db.pool.query('INSERT INTO outbox (topic, message_key, message_id, headers, payload) VALUES ($1, $2, $3, $4, $5)', [
      topic,
      message.key,
      message.envelope.messageId,
      JSON.stringify(headersOf(message.envelope)),
      JSON.stringify(message.envelope.data),
    ]);
    await consumer('outbox-poll', topic);
    await waitUntil('the polled message', async () => (await effects(f.db.pool)).length === 1);
    expect(r.published).toBe(1);
  });

  it('keeps one active relay per service, and a standby takes over when the leader stops', async () => {
    const service = `${f.service}_leader`;
    const first = relay(service);
    const second = relay(service);
    await waitUntil('a leader', () => first.isLeader || second.isLeader);
    await new Promise((r) => setTimeout(r, 300));
    expect([first.isLeader, second.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = first.isLeader ? [first, second] : [second, first];
    await leader.stop();
    await waitUntil('the standby to lead', () => standby.isLeader);
  });

  it('deletes what it published in batches: ten commits trickling in over half a second cost one delete, not ten', async () => {
    const topic = await f.newTopic('trickle');
    const outbox = new Outbox(f.service);
    const r = relay();
    await waitUntil('the relay to lead', () => r.isLeader);
    for (let seq = 1; seq <= 10; seq++) {
      await f.store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'trickle', seq)]));
      await sleep(50);
    }
    await waitUntil('all ten published', () => r.published === 10);
    await waitUntil('the outbox to drain', async () => (await outboxCount()) === 0);
    expect(r.deletions).toBeLessThanOrEqual(2); // once a second at a trickle (deleting every 100 ms would take about five here)
  });

  const rowExists = async (id: string) => (await f.db.pool.query('SELECT 1 FROM outbox WHERE id = $1', [id])).rowCount === 1;

  it("deletes what it published in the next writer's statement: the relay makes no delete of its own", async () => {
    const topic = await f.newTopic('taken');
    const outbox = new Outbox(f.service);
    const r = relay();
    await waitUntil('the relay to lead', () => r.isLeader);
    await f.store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'taken', 1)]));
    await waitUntil('the first published', () => r.published === 1);
    const [first] = r.publishedNotDeleted();
    expect(await rowExists(first)).toBe(true);
    await f.store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'taken', 2)]));
    expect(await rowExists(first)).toBe(false); // gone with the commit that wrote the second
    expect(r.publishedNotDeleted()).not.toContain(first);
    await waitUntil('the second published', () => r.published === 2);
    expect([r.deletions, r.sent.deletedByWriters]).toEqual([0, 1]);
    await sleep(300);
    expect(r.published).toBe(2); // the first was not published again
  });

  it('deletes the published rows by their ids, not by scanning the outbox, once it has grown', async () => {
    // One connection for the writers: what it prepared, it keeps (a service's connections live long).
    const pool = new Pool({ ...f.db.config, max: 1 });
    try {
      const store = new EventStore(pool);
      const topic = await f.newTopic('grown');
      const outbox = new Outbox(f.service);
      const r = relay();
      await waitUntil('the relay to lead', () => r.isLeader);
      // The first writers meet a nearly empty outbox, each deleting the row published before it, more than
      // the five times after which PostgreSQL settles a prepared statement on a generic plan.
      for (let i = 1; i <= 10; i++) {
        await store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'grown', i)]));
        await waitUntil(`message ${i} published`, () => r.published === i);
      }
      // Then the table grows (rows written and deleted: nothing analyzes it while autovacuum is off).
      await store.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO outbox (topic, message_key, message_id, headers, payload) SELECT 'none', 'k', 'grown-' || g, '{}', '{}' FROM generate_series(1, 20000) AS g`,
        );
        await tx.query(`DELETE FROM outbox WHERE topic = 'none'`);
      });
      await store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'grown', 11)]));
      await waitUntil('message 11 published', () => r.published === 11);
      const seqScans: number[] = [];
      const seqScansOfOutbox = async (tx: { query: Pool['query'] }) => {
        const { rows } = await tx.query<{ n: string }>(`SELECT seq_scan::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'outbox'`);
        seqScans.push(Number(rows[0].n));
      };
      const deletedByWriters = r.sent.deletedByWriters;
      await store.transaction(async (tx) => {
        await seqScansOfOutbox(tx);
        await outbox.enqueue(tx, [itemAdded(topic, 'grown', 12)]);
        tx.beforeCommit(() => seqScansOfOutbox(tx)); // after the outbox's own statement, which deletes message 11's row
      });
      expect(r.sent.deletedByWriters).toBe(deletedByWriters + 1);
      expect(seqScans[1] - seqScans[0]).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('deletes itself what a rolled-back writer took, and publishes none of it again', async () => {
    const topic = await f.newTopic('given-back');
    const outbox = new Outbox(f.service);
    const r = relay();
    await waitUntil('the relay to lead', () => r.isLeader);
    await f.store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, 'given-back', 1)]));
    await waitUntil('the first published', () => r.published === 1);
    const [first] = r.publishedNotDeleted();
    await expect(
      f.store.transaction(async (tx) => {
        await outbox.enqueue(tx, [itemAdded(topic, 'given-back', 2)]);
        // Fails after the outbox's statement has taken (and deleted) the published row: the transaction rolls back.
        tx.beforeCommit(async () => void (await tx.query('SELECT 1 / 0')));
      }),
    ).rejects.toThrow();
    expect(await rowExists(first)).toBe(true);
    await waitUntil('the relay to delete it', async () => !(await rowExists(first)));
    expect([r.deletions, r.sent.deletedByWriters, r.published]).toEqual([1, 0, 1]);
  });

  it('keeps the order of messages with the same key, across many transactions', async () => {
    await clear();
    const topic = await f.newTopic('order');
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const outbox = new Outbox(f.service);
    relay();
    await consumer('outbox-order', topic);
    await Promise.all(
      keys.map(async (key) => {
        for (let seq = 1; seq <= 40; seq++) {
          await f.store.transaction((tx) => outbox.enqueue(tx, [itemAdded(topic, key, seq)]));
        }
      }),
    );
    await waitUntil('all 200 messages', async () => (await effects(f.db.pool)).length === 200, { timeoutMs: 30_000 });
    const handled = await effects(f.db.pool);
    for (const key of keys) {
      expect(handled.filter((e) => e.key === key).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
  });
});
