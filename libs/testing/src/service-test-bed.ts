// What a service's integration test needs around it: its own database, its own topics (with DLQs),
// recorders of the topics it writes, a base configuration pointing at them — and one cleanup.
import { createTestDatabase, type TestDatabase } from './database';
import { postgresConfig, testEndpoints } from './endpoints';
import { createTestTopics, recordTopic, uniqueName, type TopicRecorder } from './kafka';

export interface ServiceTestBed<T extends { [K in keyof T]: string }> {
  db: TestDatabase;
  topics: T;
  /** The ServiceBaseConfig shape: listen on a free port, this bed's database, quiet logs, fast polls. */
  base: {
    port: number;
    host: string;
    database: ReturnType<typeof postgresConfig>;
    kafkaBrokers: string[];
    partitions: number;
    logLevel: string;
    workPollIntervalMs: number;
    /** Unique per bed, in front of every topic of the bed (and of its consumer groups). */
    topicPrefix: string;
  };
  record(topic: string): Promise<TopicRecorder>;
  cleanup(): Promise<void>;
}

/** topicNames: e.g. { commands: 'payment.commands', ... } — each becomes the bed's, behind its unique prefix. */
export async function serviceTestBed<T extends { [K in keyof T]: string }>(label: string, topicNames: T): Promise<ServiceTestBed<T>> {
  const db = await createTestDatabase(label);
  // Named as a deployment names them: its TOPIC_PREFIX (unique per bed) in front of each name.
  const topicPrefix = `${uniqueName(label)}.`;
  const topics = Object.fromEntries(Object.entries(topicNames as Record<string, string>).map(([role, name]) => [role, `${topicPrefix}${name}`])) as T;
  const created = await createTestTopics(Object.values(topics) as string[]);
  const recorders: TopicRecorder[] = [];
  return {
    db,
    topics,
    base: {
      port: 0,
      host: '127.0.0.1',
      database: postgresConfig(db.name),
      kafkaBrokers: testEndpoints().kafkaBrokers,
      partitions: 3,
      logLevel: 'silent',
      workPollIntervalMs: 50,
      topicPrefix,
    },
    record: async (topic) => {
      const recorder = await recordTopic(topic);
      recorders.push(recorder);
      return recorder;
    },
    cleanup: async () => {
      await Promise.all(recorders.map((r) => r.stop()));
      await created.delete();
      await db.drop();
    },
  };
}
