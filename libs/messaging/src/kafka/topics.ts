// Creates topics with their dead-letter topics and waits until every partition has a leader, so a
// consumer subscribing right after does not meet UNKNOWN_TOPIC_OR_PARTITION. Safe when several
// services create the same topics at once: "already exists" is success.
import { dlqTopicOf } from '@eventshop/contracts';
import type { Kafka } from 'kafkajs';

export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3, timeoutMs = 30_000): Promise<void> {
  const wanted = [...new Set(topics.flatMap((t) => [t, dlqTopicOf(t)]))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    let createError: unknown;
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
      } catch (error) {
        // Most often another service created some of them meanwhile; the wait below tells.
        createError = error;
      }
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: wanted });
        if (described.length === wanted.length && described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch {
        // metadata not there yet
      }
      if (Date.now() > deadline) {
        const cause = createError instanceof Error ? ` (creating them failed: ${createError.message})` : '';
        throw new Error(`topics not ready within ${timeoutMs} ms: ${wanted.join(', ')}${cause}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
