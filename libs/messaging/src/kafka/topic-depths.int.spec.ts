import { createTestTopics, sendRaw, testKafka, uniqueName, type TestTopics } from '@eventshop/testing';
import { deadLetterDepths, topicDepths } from './topic-depths';

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
  });
});
