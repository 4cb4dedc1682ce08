// Whether the brokers answer: an admin connection and a cluster description, bounded in time.
import type { Kafka } from 'kafkajs';

export async function kafkaAnswers(kafka: Kafka, timeoutMs = 3_000): Promise<boolean> {
  const admin = kafka.admin();
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const probe = (async () => {
    try {
      await admin.connect();
      return (await admin.describeCluster()).brokers.length > 0;
    } catch {
      return false;
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    void admin.disconnect().catch(() => undefined);
  }
}
