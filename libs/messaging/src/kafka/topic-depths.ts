// How many messages topics hold, counted from their partitions' first to their last offset: every
// topic whose name starts with a prefix (a stack's TOPIC_PREFIX), or only its dead-letter topics
// (`<topic>.dlq`) — what the dashboard shows per topic, what the end-of-scenario invariants compare
// with what a test injected, and what the orders bench counts per order.
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
