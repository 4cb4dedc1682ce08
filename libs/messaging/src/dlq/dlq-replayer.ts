// Replays dead letters: reads a DLQ from its start to its current end and republishes the messages
// that `select` picks to the topic they came from, with their original key, value and headers. A
// replayed message keeps its message id, so a consumer whose inbox already has it ignores it.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type KafkaMessage } from 'kafkajs';
import { originalOf } from './dead-letter';

export interface ReplayOptions {
  kafka: Kafka;
  dlqTopic: string;
  select?(message: KafkaMessage): boolean;
}

export async function replayDeadLetters({ kafka, dlqTopic, select = () => true }: ReplayOptions): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(dlqTopic)).map((p) => [p.partition, BigInt(p.high)]));
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([partition]) => partition));
  const groupId = `dlq-replay-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  let replayed = 0;
  try {
    if (pending.size === 0) return 0;
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (!pending.has(partition)) return;
            if (select(message)) {
              const { topic, message: original } = originalOf(message);
              await producer.send({ topic, messages: [original], acks: -1 });
              replayed++;
            }
            if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) {
              pending.delete(partition);
              if (pending.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
    return replayed;
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
