// Faults the broker itself never makes on demand: every message delivered a second time (at-least-once
// delivery taken literally), and a look at what ended up in the dead-letter topics.
import { testKafka, uniqueName } from './kafka';

const DUPLICATE_HEADER = 'x-test-duplicate';

export interface Duplicator {
  /** Messages sent a second time so far. */
  readonly duplicated: number;
  stop(): Promise<void>;
}

/**
 * Sends every message that appears on the topics from now on a second time — same key, value and
 * headers (so the same message id) — after a random delay of up to maxDelayMs, so the copy may arrive
 * long after the original was handled. Copies are marked and never copied again.
 */
export async function duplicateEveryMessage(topics: string[], { maxDelayMs = 1_000 } = {}): Promise<Duplicator> {
  const kafka = testKafka(uniqueName('duplicator'));
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({ groupId: uniqueName('duplicator'), maxWaitTimeInMs: 50 });
  const inFlight = new Set<Promise<void>>();
  let duplicated = 0;
  const failures: Error[] = [];
  // Everything below today's end of each partition is history: skip it, copy everything after.
  const admin = kafka.admin();
  await admin.connect();
  const startAt = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) startAt.set(`${topic}/${p.partition}`, BigInt(p.high));
  }
  await admin.disconnect();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (BigInt(message.offset) < (startAt.get(`${topic}/${partition}`) ?? 0n) || message.headers?.[DUPLICATE_HEADER]) return;
      const copy = { key: message.key, value: message.value, headers: { ...message.headers, [DUPLICATE_HEADER]: '1' } };
      const send = new Promise<void>((resolve) => setTimeout(resolve, Math.random() * maxDelayMs))
        .then(() => producer.send({ topic, messages: [copy], acks: -1 }))
        .then(
          () => void duplicated++,
          (error: Error) => void failures.push(error),
        );
      inFlight.add(send);
      void send.finally(() => inFlight.delete(send));
    },
  });
  return {
    get duplicated() {
      return duplicated;
    },
    stop: async () => {
      await consumer.disconnect();
      await Promise.allSettled([...inFlight]);
      await producer.disconnect();
      if (failures.length) throw new Error(`${failures.length} copies could not be sent: ${failures[0].message}`);
    },
  };
}

/** Messages not yet consumed by the consumer groups whose ids start with the prefix (0: caught up). */
export async function consumerLag(prefix: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    let lag = 0;
    for (const groupId of groups) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
        for (const p of partitions) lag += (high.get(p.partition) ?? 0) - Math.max(Number(p.offset), 0);
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
