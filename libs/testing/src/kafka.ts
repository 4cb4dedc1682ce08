// Unique topic names per suite (with their DLQs), created up front and deleted afterwards.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testEndpoints } from './endpoints';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: testEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
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
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
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
