import { dlqTopicOf, newEnvelope } from '@eventshop/contracts';
import { lockStreams } from '@eventshop/event-store';
import { waitUntil } from '@eventshop/testing';
import { Partitioners, type KafkaMessage, type Producer } from 'kafkajs';
import { DlqHeaders } from '../dlq/dead-letter';
import { replayDeadLetters } from '../dlq/dlq-replayer';
import { headersOf, headerText } from '../kafka/envelope-headers';
import { createEffectsTable, effects, recordEffect } from '../test-support/effects';
import { messagingFixture, type MessagingFixture } from '../test-support/messaging-fixture';
import { InboxConsumer, type BatchHandler, type MessageHandler } from './inbox-consumer';

describe('inbox consumer (PostgreSQL + Kafka)', () => {
  let f: MessagingFixture;
  let producer: Producer;
  const started: InboxConsumer[] = [];
  beforeAll(async () => {
    f = await messagingFixture('inbox', 1); // one partition: "behind it on the same partition" is literal
    await createEffectsTable(f.db.pool);
    producer = f.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });
  afterEach(async () => {
    while (started.length) await started.pop()!.stop();
    await f.db.pool.query('TRUNCATE effects, inbox');
  });
  afterAll(async () => {
    await producer.disconnect();
    await f.cleanup();
  });

  const start = async (name: string, topic: string, handle: MessageHandler = recordEffect) => {
    const consumer = f.inboxConsumer(name, topic, { handle, retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 } });
    await consumer.start();
    started.push(consumer);
    return consumer;
  };
  const valid = (key: string, seq: number) => {
    const envelope = newEnvelope({ type: 'ItemAdded', data: { key, seq }, correlationId: key });
    return { key, value: JSON.stringify(envelope.data), headers: headersOf(envelope), messageId: envelope.messageId };
  };
  const send = (topic: string, ...messages: { key: string; value: string; headers: Record<string, string> }[]) =>
    producer.send({ topic, messages: messages.map(({ key, value, headers }) => ({ key, value, headers })) });

  async function readTopic(topic: string, count: number): Promise<KafkaMessage[]> {
    const seen: KafkaMessage[] = [];
    const reader = f.kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      await waitUntil(`${count} messages on ${topic}`, () => seen.length >= count);
      return seen;
    } finally {
      await reader.disconnect();
    }
  }

  it('handles a message delivered twice exactly once', async () => {
    const topic = await f.newTopic('dup');
    const message = valid('dup', 1);
    await send(topic, message, message);
    const consumer = await start('inbox-dup', topic);
    await waitUntil('both deliveries', () => consumer.stats.handled + consumer.stats.duplicates === 2);
    expect(consumer.stats).toMatchObject({ handled: 1, duplicates: 1 });
    expect(await effects(f.db.pool)).toHaveLength(1);
  });

  it('dead-letters a malformed message and one whose handler always throws, and the partition keeps flowing', async () => {
    const topic = await f.newTopic('dlq');
    const poison = valid('poison', 2);
    const notJson = { ...valid('bad-json', 0), value: '{not json' };
    const noHeaders = { key: 'no-headers', value: '{}', headers: {} };
    const badSchema = { ...valid('bad-schema', 0), value: JSON.stringify({ key: 'bad-schema', seq: 'two' }) };
    await send(topic, valid('ok', 1), notJson, noHeaders, badSchema, poison, valid('ok', 3), valid('ok', 4));

    let poisonAttempts = 0;
    const failingOnPoison: MessageHandler = async (message, tx) => {
      if ((message.data as { key: string }).key === 'poison') {
        poisonAttempts++;
        throw new Error('handler bug: cannot handle poison');
      }
      await recordEffect(message, tx);
    };
    const consumer = await start('inbox-dlq', topic, failingOnPoison);
    await waitUntil('the messages behind the bad ones', async () => (await effects(f.db.pool)).length === 3);
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(poisonAttempts).toBe(3); // bounded retries, then the DLQ
    expect(consumer.stats.deadLettered).toBe(4);

    const dead = await readTopic(dlqTopicOf(topic), 4);
    const byKey = new Map(dead.map((m) => [m.key!.toString(), m]));
    expect(headerText(byKey.get('bad-json')!.headers, DlqHeaders.error)).toMatch(/not JSON/);
    expect(headerText(byKey.get('no-headers')!.headers, DlqHeaders.error)).toMatch(/message-id/);
    expect(headerText(byKey.get('bad-schema')!.headers, DlqHeaders.error)).toMatch(/seq/);
    const poisoned = byKey.get('poison')!;
    expect(headerText(poisoned.headers, DlqHeaders.error)).toBe('handler bug: cannot handle poison');
    expect(headerText(poisoned.headers, DlqHeaders.attempts)).toBe('3');
    expect(headerText(poisoned.headers, DlqHeaders.sourceTopic)).toBe(topic);
    expect(headerText(poisoned.headers, 'message-id')).toBe(poison.messageId); // original headers kept
    expect(poisoned.value!.toString()).toBe(poison.value);
  });

  it('replays one dead letter back to its topic, where the fixed handler processes it', async () => {
    const topic = await f.newTopic('replay');
    const poison = valid('poison', 7);
    await send(topic, poison, valid('other', 8));
    let fixed = false;
    const consumer = await start('inbox-replay', topic, async (message, tx) => {
      if (!fixed && (message.data as { key: string }).key === 'poison') throw new Error('not yet fixed');
      await recordEffect(message, tx);
    });
    await waitUntil('the dead letter', () => consumer.stats.deadLettered === 1);
    await waitUntil('the other message', async () => (await effects(f.db.pool)).length === 1);

    fixed = true; // the bug is fixed; now replay just that message
    const replayed = await replayDeadLetters({
      kafka: f.kafka,
      dlqTopic: dlqTopicOf(topic),
      select: (m) => headerText(m.headers, 'message-id') === poison.messageId,
    });
    expect(replayed).toBe(1);
    await waitUntil('the replayed message', async () => (await effects(f.db.pool)).some((e) => e.key === 'poison'));
    expect((await effects(f.db.pool)).filter((e) => e.key === 'poison')).toEqual([{ message_id: poison.messageId, key: 'poison', seq: 7 }]);
  });

  it("hands a batch handler a batch's new messages at once; when it throws, each is handled alone and only the failing one is dead-lettered", async () => {
    const topic = await f.newTopic('batch');
    const sent = Array.from({ length: 12 }, (_, i) => valid('b', i + 1));
    await send(topic, ...sent, sent[4]); // the fifth again: a copy, not new
    const batchSizes: number[] = [];
    const failingOnSeven: BatchHandler = async (messages, tx) => {
      batchSizes.push(messages.length);
      for (const message of messages) {
        if ((message.data as { seq: number }).seq === 7) throw new Error('handler bug: seven');
        await recordEffect(message, tx);
      }
    };
    const consumer = f.inboxConsumer('inbox-batch', topic, { handleBatch: failingOnSeven, retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 } });
    await consumer.start();
    started.push(consumer);
    await waitUntil('every message but the failing one', async () => (await effects(f.db.pool)).length === 11);
    await waitUntil('the copy', () => consumer.stats.handled + consumer.stats.duplicates + consumer.stats.deadLettered === 13);
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]); // the failed batch's effects rolled back, none twice
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(consumer.stats).toMatchObject({ handled: 11, duplicates: 1, deadLettered: 1 });
    const [dead] = await readTopic(dlqTopicOf(topic), 1);
    expect(headerText(dead.headers, DlqHeaders.error)).toBe('handler bug: seven');
  });

  it('with a gathering window, handles what arrives apart on several topics and partitions in one transaction', async () => {
    const calls = async (gatherWindowMs: number, label: string) => {
      const topics = [await f.newTopic(`${label}-a`), await f.newTopic(`${label}-b`)];
      const batchSizes: number[] = [];
      const consumer = f.inboxConsumer(`inbox-${label}`, topics[0], {
        topics,
        gatherWindowMs,
        handleBatch: async (messages, tx) => {
          batchSizes.push(messages.length);
          for (const message of messages) await recordEffect(message, tx);
        },
      });
      await consumer.start();
      started.push(consumer);
      await send(topics[0], valid(label, 0));
      await waitUntil('the first message', () => consumer.stats.handled === 1);
      batchSizes.splice(0);
      // Four messages 40 ms apart, alternating between the topics: four fetches.
      for (let seq = 1; seq <= 4; seq++) {
        await send(topics[seq % 2], valid(label, seq));
        await new Promise((r) => setTimeout(r, 40));
      }
      await waitUntil('all four', () => consumer.stats.handled === 5);
      return batchSizes;
    };
    expect(await calls(0, 'apart')).toHaveLength(4); // each fetch in a transaction of its own
    expect(await calls(500, 'gathered')).toEqual([4]);
  });

  it('with a gathering window, handles and commits what it gathered when it stops', async () => {
    const topic = await f.newTopic('gathered-stop');
    const consumer = f.inboxConsumer('inbox-gathered-stop', topic, {
      gatherWindowMs: 10_000,
      handleBatch: async (messages, tx) => {
        for (const message of messages) await recordEffect(message, tx);
      },
    });
    await consumer.start();
    started.push(consumer);
    await send(topic, valid('g', 1), valid('g', 2), valid('g', 3));
    await new Promise((r) => setTimeout(r, 1_500)); // fetched and gathered, the window still open
    expect(await effects(f.db.pool)).toHaveLength(0);
    await consumer.stop();
    started.splice(started.indexOf(consumer), 1);
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 2, 3]);
    const after = await start('inbox-gathered-stop', topic);
    await send(topic, valid('g', 4));
    await waitUntil('the fourth', async () => (await effects(f.db.pool)).length === 4);
    expect(after.stats.duplicates).toBe(0); // the stop committed the offsets of what it handled
  });

  it('with a gathering window, keeps what it gathered through a database outage and handles it after', async () => {
    const topic = await f.newTopic('gathered-outage');
    let outageAttempts = 0;
    const consumer = f.inboxConsumer('inbox-gathered-outage', topic, {
      gatherWindowMs: 50,
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
      handleBatch: async (messages, tx) => {
        // More failed attempts than one round of the retry policy: the window's messages are tried again.
        if (messages.some((m) => (m.data as { seq: number }).seq === 1) && outageAttempts < 7) {
          outageAttempts++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        for (const message of messages) await recordEffect(message, tx);
      },
    });
    await consumer.start();
    started.push(consumer);
    await send(topic, valid('go', 1), valid('go', 2));
    await waitUntil('both after the outage', async () => (await effects(f.db.pool)).length === 2, { timeoutMs: 30_000 });
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 2]);
    expect(outageAttempts).toBe(7);
    expect(consumer.stats.deadLettered).toBe(0);
  });

  it('takes the locks a batch handler names first as it records the batch: the handler finds them held, other transactions wait', async () => {
    const topic = await f.newTopic('locks-first');
    const streamOf = (message: { correlationId: string }) => `stream-${message.correlationId}`;
    const seen: { roundTrips: number; freeElsewhere: boolean }[] = [];
    const consumer = f.inboxConsumer('inbox-locks-first', topic, {
      locksFirst: (messages) => messages.map(streamOf),
      handleBatch: async (messages, tx) => {
        const query = jest.spyOn(tx, 'query');
        await lockStreams(tx, messages.map(streamOf));
        const roundTrips = query.mock.calls.length;
        query.mockRestore();
        const other = await f.db.pool.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS free', [streamOf(messages[0])]);
        seen.push({ roundTrips, freeElsewhere: other.rows[0].free });
        for (const message of messages) await recordEffect(message, tx);
      },
    });
    await consumer.start();
    started.push(consumer);
    await send(topic, valid('l', 1), valid('l', 2));
    await waitUntil('both', async () => (await effects(f.db.pool)).length === 2);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.roundTrips === 0 && !s.freeElsewhere)).toBe(true);
  });

  it('retries a transient handler failure and then has exactly one effect', async () => {
    const topic = await f.newTopic('transient');
    await send(topic, valid('t', 1), valid('t', 2), valid('t', 3));
    let failures = 0;
    const consumer = await start('inbox-transient', topic, async (message, tx) => {
      if ((message.data as { seq: number }).seq === 2 && failures < 2) {
        failures++;
        throw new Error('deadlock detected (transient)');
      }
      await recordEffect(message, tx);
    });
    await waitUntil('all three', async () => (await effects(f.db.pool)).length === 3);
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(consumer.stats).toMatchObject({ handled: 3, deadLettered: 0, retries: 2 }); // two failures, two retries
  });

  it('prepares each message before its transaction, outside any, hands the result to the handler, and prepares again for a retry', async () => {
    const topic = await f.newTopic('prepare');
    await send(topic, valid('p', 1), valid('p', 2));
    const prepared: number[] = [];
    const openTransactions: number[] = [];
    let failed = false;
    const seqOf = (message: { data: unknown }) => (message.data as { seq: number }).seq;
    const consumer = f.inboxConsumer('inbox-prepare', topic, {
      prepare: async (message) => {
        prepared.push(seqOf(message));
        const { rows } = await f.db.pool.query<{ open: number }>(
          `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        openTransactions.push(rows[0].open);
        return `answer-${seqOf(message)}`;
      },
      handle: async (message, tx, answer) => {
        if (seqOf(message) === 2 && !failed) {
          failed = true;
          throw new Error('deadlock detected (transient)');
        }
        await tx.query('INSERT INTO effects (message_id, key, seq) VALUES ($1, $2, $3)', [message.messageId, answer, seqOf(message)]);
      },
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
    });
    await consumer.start();
    started.push(consumer);
    await waitUntil('both handled', async () => (await effects(f.db.pool)).length === 2);
    expect((await effects(f.db.pool)).map((e) => [e.key, e.seq])).toEqual([
      ['answer-1', 1],
      ['answer-2', 2],
    ]);
    expect(prepared.filter((seq) => seq === 2).length).toBeGreaterThanOrEqual(2); // the retried transaction's message, prepared again
    expect(openTransactions.every((open) => open === 0)).toBe(true);
  });

  it('prepares only the messages `prepares` names, and copies of one message in a batch once', async () => {
    const topic = await f.newTopic('prepare-some');
    const copied = valid('ps', 1);
    // One batch: the consumer starts after all four are on the partition.
    await send(topic, copied, valid('ps', 2), copied, valid('ps', 3));
    const seqOf = (message: { data: unknown }) => (message.data as { seq: number }).seq;
    const prepared: number[] = [];
    const consumer = f.inboxConsumer('inbox-prepare-some', topic, {
      prepares: (message) => seqOf(message) !== 2,
      prepare: async (message) => {
        prepared.push(seqOf(message));
        return `answer-${seqOf(message)}`;
      },
      handle: async (message, tx, answer) => {
        await tx.query('INSERT INTO effects (message_id, key, seq) VALUES ($1, $2, $3)', [message.messageId, answer ?? 'none', seqOf(message)]);
      },
    });
    await consumer.start();
    started.push(consumer);
    await waitUntil('three handled', async () => (await effects(f.db.pool)).length === 3 && consumer.stats.duplicates === 1);
    expect((await effects(f.db.pool)).map((e) => [e.key, e.seq])).toEqual([
      ['answer-1', 1],
      ['none', 2],
      ['answer-3', 3],
    ]);
    expect(prepared.sort()).toEqual([1, 3]); // not 2, and 1 once for both its copies
  });

  it('prepares at most maxPreparing messages at once, however many a batch holds', async () => {
    const topic = await f.newTopic('prepare-limit');
    await send(topic, ...Array.from({ length: 12 }, (_, i) => valid('pl', i + 1)));
    let preparing = 0;
    let most = 0;
    const consumer = f.inboxConsumer('inbox-prepare-limit', topic, {
      maxPreparing: 3,
      prepare: async () => {
        most = Math.max(most, ++preparing);
        await new Promise((r) => setTimeout(r, 20));
        preparing--;
      },
      handle: recordEffect,
    });
    await consumer.start();
    started.push(consumer);
    await waitUntil('all twelve handled', async () => (await effects(f.db.pool)).length === 12);
    expect(most).toBeLessThanOrEqual(3); // twelve at once without the limit
    expect(most).toBeGreaterThanOrEqual(2); // and still overlapping
  });

  it('does not dead-letter a message whose handler fails because the database is unreachable', async () => {
    const topic = await f.newTopic('outage');
    await send(topic, valid('o', 1), valid('o', 2));
    let outageAttempts = 0;
    const consumer = await start('inbox-outage', topic, async (message, tx) => {
      // The first 7 attempts meet an "outage": more than the retry policy's 3 attempts.
      if ((message.data as { seq: number }).seq === 1 && outageAttempts < 7) {
        outageAttempts++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      await recordEffect(message, tx);
    });
    await waitUntil('both messages after the outage', async () => (await effects(f.db.pool)).length === 2, { timeoutMs: 30_000 });
    expect((await effects(f.db.pool)).map((e) => e.seq)).toEqual([1, 2]);
    expect(outageAttempts).toBe(7);
    expect(consumer.stats.deadLettered).toBe(0);
  });

  it('resumes after a stop and restart without losing a message or repeating an effect', async () => {
    const topic = await f.newTopic('restart');
    const first = Array.from({ length: 20 }, (_, i) => valid('r', i + 1));
    const second = Array.from({ length: 20 }, (_, i) => valid('r', i + 21));
    await send(topic, ...first);
    const before = await start('inbox-restart', topic);
    await waitUntil('the first 20', async () => (await effects(f.db.pool)).length === 20);
    await before.stop();
    started.splice(started.indexOf(before), 1);

    await send(topic, ...second); // arrives while nobody consumes
    const after = await start('inbox-restart', topic);
    await waitUntil('all 40', async () => (await effects(f.db.pool)).length >= 40);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = (await effects(f.db.pool)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(after.stats.duplicates).toBe(0); // the stop committed what it had handled: nothing came back
  });

  it('commits the offsets it handled within about a second while it runs, not only at a stop', async () => {
    const topic = await f.newTopic('offsets');
    await send(topic, ...Array.from({ length: 5 }, (_, i) => valid('o', i + 1)));
    const consumer = await start('inbox-offsets', topic);
    await waitUntil('the 5 handled', () => consumer.stats.handled === 5);
    const admin = f.kafka.admin();
    await admin.connect();
    try {
      const committed = async () =>
        (await admin.fetchOffsets({ groupId: 'inbox-offsets', topics: [topic] }))
          .flatMap((t) => t.partitions)
          .reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      await waitUntil('the offsets committed', async () => (await committed()) === 5, { timeoutMs: 3_000 });
    } finally {
      await admin.disconnect();
    }
  });
});
