// Writes facts straight to their topics in the real envelope (headers and JSON value, as the outbox
// relay publishes them), in large batches: how the rebuild's history is laid down quickly.
import { headersOf } from '@eventshop/messaging';
import { Partitioners, type Kafka } from 'kafkajs';
import type { FactTopic, ShopFact } from './order-histories';

export async function publishFacts(
  kafka: Kafka,
  topics: Record<FactTopic, string>,
  facts: Iterable<ShopFact>,
  onProgress?: (sent: number) => void,
): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  let sent = 0;
  try {
    let batch: ShopFact[] = [];
    const flush = async () => {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const { topic, key, envelope } of batch) {
        const messages = byTopic.get(topics[topic]) ?? [];
        messages.push({ key, value: JSON.stringify(envelope.data), headers: headersOf(envelope) });
        byTopic.set(topics[topic], messages);
      }
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
      sent += batch.length;
      batch = [];
      onProgress?.(sent);
    };
    for (const fact of facts) {
      batch.push(fact);
      if (batch.length === 5_000) await flush();
    }
    if (batch.length > 0) await flush();
    return sent;
  } finally {
    await producer.disconnect();
  }
}
