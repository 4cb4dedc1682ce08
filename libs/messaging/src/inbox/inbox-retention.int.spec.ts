import { testKafka, uniqueName } from '@eventshop/testing';
import { messagingFixture, quietLogger, type MessagingFixture } from '../test-support/messaging-fixture';
import { InboxRetention } from './inbox-retention';

describe('inbox retention (PostgreSQL + Kafka)', () => {
  let f: MessagingFixture;
  const topics: string[] = [];
  const HOUR = 3_600_000;
  beforeAll(async () => {
    f = await messagingFixture('retention');
  });
  afterAll(async () => {
    const admin = testKafka().admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await f.cleanup();
  });

  /** A topic keeping its messages for `retentionMs` (-1: forever). */
  const topicKeeping = async (retentionMs: number) => {
    const topic = uniqueName('retention');
    const admin = testKafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(retentionMs) }] }],
      waitForLeaders: false,
    });
    await admin.disconnect();
    topics.push(topic);
    return topic;
  };
  /** Records handled 3 h, 90 min, 30 min ago and now. */
  const recordsAged = async () => {
    await f.db.pool.query('TRUNCATE inbox');
    await f.db.pool.query(
      `INSERT INTO inbox (consumer, message_id, processed_at) VALUES
         ('c', '3h', now() - interval '3 hours'), ('c', '90m', now() - interval '90 minutes'),
         ('c', '30m', now() - interval '30 minutes'), ('c', 'now', now())`,
    );
  };
  const left = async () => (await f.db.pool.query<{ message_id: string }>('SELECT message_id FROM inbox ORDER BY processed_at')).rows.map((r) => r.message_id);
  const retention = (topic: string, minimumAgeMs: number) =>
    new InboxRetention({ pool: f.db.pool, kafka: f.kafka, topics: () => [topic], minimumAgeMs, logger: quietLogger });

  it('keeps every record younger than the topic retention, even when the configured age is shorter', async () => {
    const topic = await topicKeeping(HOUR);
    await recordsAged();
    const job = retention(topic, 60_000);
    expect(await job.windowMs()).toBe(HOUR);
    expect(await job.sweep()).toBe(2);
    expect(await left()).toEqual(['30m', 'now']);
  });

  it('keeps records for the configured age when that is longer than the topic retention', async () => {
    const topic = await topicKeeping(HOUR);
    await recordsAged();
    expect(await retention(topic, 2 * HOUR).sweep()).toBe(1);
    expect(await left()).toEqual(['90m', '30m', 'now']);
  });

  it('deletes nothing while a consumed topic keeps its messages forever', async () => {
    const topic = await topicKeeping(-1);
    await recordsAged();
    expect(await retention(topic, 60_000).windowMs()).toBeUndefined();
    expect(await retention(topic, 60_000).sweep()).toBe(0);
    expect(await left()).toHaveLength(4);
  });
});
