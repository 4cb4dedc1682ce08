// Unique topic names per suite (with their DLQs), created up front and deleted afterwards.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { testEndpoints } from './endpoints';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = uniqueName('test'), brokers = testEndpoints().kafkaBrokers): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

export interface TestTopics {
  names: string[];
  delete(): Promise<void>;
}

/** Creates the topics (and `<topic>.dlq` for each) with the given partition count. */
export async function createTestTopics(topics: string[], numPartitions = 3): Promise<TestTopics> {
  const names = topics.flatMap((t) => [t, `${t}.dlq`]);
  const admin = testKafka().admin();
  await admin.connect();
  try {
    // kafkajs's own waitForLeaders gives up when the broker answers UNKNOWN_TOPIC_OR_PARTITION for a
    // topic it has just created (seen in CI), so the wait for leaders is ours and tolerates that answer.
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions })), waitForLeaders: false });
    await waitForLeaders(admin, names);
  } finally {
    await admin.disconnect();
  }
  return {
    names,
    delete: async () => {
      const cleaner = testKafka().admin();
      await cleaner.connect();
      await cleaner.deleteTopics({ topics: names }).catch(() => undefined);
      await cleaner.disconnect();
    },
  };
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await admin.fetchTopicMetadata({ topics }).then(
      (metadata) => metadata.topics,
      () => [], // not known to the broker yet
    );
    if (described.length === topics.length && described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    if (Date.now() > deadline) throw new Error(`test topics have no leaders within ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Deletes every topic whose name starts with `prefix` (a stack's run), so its data leaves the broker's disk. */
export async function deleteTopicsWithPrefix(prefix: string, brokers = testEndpoints().kafkaBrokers): Promise<string[]> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = testKafka(uniqueName('cleaner'), brokers).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics;
  } finally {
    await admin.disconnect();
  }
}

export interface ReceivedMessage {
  key?: string;
  headers: Record<string, string>;
  value: unknown;
}

export interface TopicRecorder {
  messages: ReceivedMessage[];
  stop(): Promise<void>;
}

/** Records every message on a topic from its beginning (headers decoded, value parsed if JSON). */
export async function recordTopic(topic: string): Promise<TopicRecorder> {
  const consumer = testKafka().consumer({ groupId: uniqueName('recorder'), maxWaitTimeInMs: 100 });
  const messages: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
      const text = message.value?.toString() ?? '';
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      messages.push({ key: message.key?.toString(), headers, value });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

/** Sends raw messages (headers as given) to a topic. */
export async function sendRaw(topic: string, messages: { key: string; value: string; headers: Record<string, string> }[]): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}
