// How many messages topics hold, counted from their partitions' first to their last offset: every
// topic whose name starts with a prefix (a stack's TOPIC_PREFIX), or only its dead-letter topics
// (`<topic>.dlq`) — what the dashboard shows per topic, what the end-of-scenario invariants compare
// with what a test injected, and what the orders bench counts per order.
import { dlqTopicOf } from '@eventshop/contracts';
import type { Kafka } from 'kafkajs';

export async function topicDepths(kafka: Kafka, prefix = '', which: (topic: string) => boolean = () => true): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix) && which(t)).sort();
    const depths: Record<string, number> = {};
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      depths[topic] = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    }
    return depths;
  } finally {
    await admin.disconnect();
  }
}

export const deadLetterDepths = (kafka: Kafka, prefix = '') => topicDepths(kafka, prefix, (topic) => topic.endsWith('.dlq'));

/** How many messages wait in the dead-letter topics of these topics (those that exist). */
export function deadLettersOf(kafka: Kafka, topics: string[]): Promise<Record<string, number>> {
  const deadLetterTopics = new Set(topics.map(dlqTopicOf));
  return topicDepths(kafka, '', (topic) => deadLetterTopics.has(topic));
}

/**
 * When the oldest message of a topic was written (ms since the epoch, to the second), or undefined when
 * it is empty. Kafka answers "the first offset at or after a time" per partition; the oldest message's
 * time is the latest time at which every non-empty partition still answers its first offset — found by
 * bisection, a few dozen small requests, asked only of a topic that holds something.
 */
export async function oldestMessageTime(kafka: Kafka, topic: string, now = Date.now()): Promise<number | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const holding = (await admin.fetchTopicOffsets(topic)).filter((p) => Number(p.high) > Number(p.low));
    if (holding.length === 0) return undefined;
    const firstOffsets = new Map(holding.map((p) => [p.partition, p.low]));
    const allStillFirst = async (time: number) =>
      (await admin.fetchTopicOffsetsByTimestamp(topic, time)).every((p) => !firstOffsets.has(p.partition) || p.offset === firstOffsets.get(p.partition));
    let before = 0; // every partition's first message is at or after it
    let after = now + 1_000;
    if (await allStillFirst(after)) return now; // written "in the future" (clock skew): as new as it gets
    while (after - before > 1_000) {
      const middle = Math.floor((before + after) / 2);
      if (await allStillFirst(middle)) before = middle;
      else after = middle;
    }
    return before;
  } finally {
    await admin.disconnect();
  }
}
