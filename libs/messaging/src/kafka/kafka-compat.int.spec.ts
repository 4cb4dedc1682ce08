// Proves the pinned kafkajs (2.2.4) against the pinned broker (tools/kafka, Kafka 3.9.1): every feature
// Eventshop relies on, on the real protocol versions they negotiate.
import { createTestTopics, testEndpoints, uniqueName, type TestTopics } from '@eventshop/testing';
import { Kafka, Partitioners, type Consumer } from 'kafkajs';
import { waitUntil } from '@eventshop/testing';
import { quietLogger } from '../test-support/messaging-fixture';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topics';

describe('kafkajs against the broker', () => {
  let kafka: Kafka;
  const cleanups: TestTopics[] = [];
  beforeAll(() => {
    kafka = createKafka({ brokers: testEndpoints().kafkaBrokers, clientId: 'compat', logger: quietLogger });
  });
  afterAll(async () => {
    for (const t of cleanups) await t.delete();
  });

  it('creates topics (with their DLQs) through the admin API, idempotently', async () => {
    const topic = uniqueName('compat.admin');
    await ensureTopics(kafka, [topic], 4);
    await ensureTopics(kafka, [topic], 4);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic, `${topic}.dlq`] });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual([4, 4]);
      await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] });
    } finally {
      await admin.disconnect();
    }
  });

  it('produces idempotently and keeps consuming in one group through a rebalance', async () => {
    const topic = uniqueName('compat.group');
    cleanups.push(await createTestTopics([topic], 4));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const seen = new Map<string, string>();
    const members: Consumer[] = [];
    const join = async (member: string) => {
      const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.set(message.value!.toString(), member) });
      members.push(consumer);
    };
    try {
      const batch = (from: number) => Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 10}`, value: String(from + i) }));
      await producer.send({ topic, messages: batch(0), acks: -1 });
      await join('first');
      await waitUntil('the first batch', () => seen.size === 100);
      await join('second'); // the group rebalances: partitions are split between the two members
      await producer.send({ topic, messages: batch(100), acks: -1 });
      await waitUntil('the second batch', () => seen.size === 200);
      const secondBatchMembers = new Set([...seen].filter(([value]) => Number(value) >= 100).map(([, member]) => member));
      expect(secondBatchMembers).toEqual(new Set(['first', 'second']));
    } finally {
      for (const m of members) await m.disconnect();
      await producer.disconnect();
    }
  });
});
