import { createTestTopics, sendRaw, testKafka, uniqueName, type TestTopics } from '@eventshop/testing';
import { deadLetterDepths, deadLettersOf, oldestMessageTime, topicDepths } from './topic-depths';

describe('topic depths (real broker)', () => {
  const prefix = `${uniqueName('depths')}.`;
  let topics: TestTopics;
  beforeAll(async () => {
    topics = await createTestTopics([`${prefix}orders.events`, `${prefix}payment.commands`], 2); // each with its .dlq
  });
  afterAll(() => topics.delete());

  it('counts the messages of each dead-letter topic under the prefix, and only those', async () => {
    const message = (key: string) => ({ key, value: '{}', headers: {} });
    await sendRaw(`${prefix}orders.events.dlq`, [message('a'), message('b'), message('c')]);
    await sendRaw(`${prefix}orders.events`, [message('not-a-dead-letter')]);
    expect(await deadLetterDepths(testKafka(), prefix)).toEqual({ [`${prefix}orders.events.dlq`]: 3, [`${prefix}payment.commands.dlq`]: 0 });
    expect((await topicDepths(testKafka(), prefix))[`${prefix}orders.events`]).toBe(1);
    // Only the dead-letter topics of the topics named, those that exist.
    expect(await deadLettersOf(testKafka(), [`${prefix}orders.events`, `${prefix}never.created`])).toEqual({ [`${prefix}orders.events.dlq`]: 3 });
  });

  it('finds when the oldest message of a topic was written, to the second', async () => {
    const producer = testKafka().producer();
    await producer.connect();
    const topic = `${prefix}payment.commands.dlq`;
    const hourAgo = Date.now() - 3_600_000;
    // Two partitions: the oldest message is on one of them, newer ones on both.
    await producer.send({ topic, messages: [{ partition: 1, value: 'new', timestamp: String(hourAgo + 600_000) }] });
    await producer.send({
      topic,
      messages: [
        { partition: 0, value: 'old', timestamp: String(hourAgo) },
        { partition: 0, value: 'newer', timestamp: String(Date.now()) },
      ],
    });
    await producer.disconnect();
    const oldest = await oldestMessageTime(testKafka(), topic);
    expect(Math.abs((oldest ?? 0) - hourAgo)).toBeLessThanOrEqual(1_000);
    expect(await oldestMessageTime(testKafka(), `${prefix}orders.events`)).toBeDefined();
  });
});
