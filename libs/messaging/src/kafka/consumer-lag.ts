// How far a consumer group is behind the end of its topics: for every partition, the messages between
// the group's committed offset (or the partition's start, before its first commit) and the end.
import type { Kafka } from 'kafkajs';

export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const { partition, high, low } of ends) {
        const from = done.get(partition) ?? -1;
        lag += Number(high) - (from >= 0 ? from : Number(low));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
