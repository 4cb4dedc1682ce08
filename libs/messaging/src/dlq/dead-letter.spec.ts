import { deadLetterOf, DlqHeaders, originalOf } from './dead-letter';

describe('dead letters', () => {
  const original = { key: Buffer.from('k'), value: Buffer.from('{"a":1}'), headers: { 'message-id': Buffer.from('m-1') }, offset: '42' } as never;

  it('keep the original message and say where it came from and why', () => {
    const dead = deadLetterOf(original, { topic: 't', partition: 2, offset: '42', consumer: 'c' }, new Error('boom'), 3, new Date(0));
    expect(dead.key).toEqual(Buffer.from('k'));
    expect(dead.value).toEqual(Buffer.from('{"a":1}'));
    expect(dead.headers).toMatchObject({
      'message-id': Buffer.from('m-1'),
      [DlqHeaders.error]: 'boom',
      [DlqHeaders.sourceTopic]: 't',
      [DlqHeaders.sourcePartition]: '2',
      [DlqHeaders.sourceOffset]: '42',
      [DlqHeaders.attempts]: '3',
      [DlqHeaders.failedAt]: '1970-01-01T00:00:00.000Z',
    });
  });

  it('give back the original topic, key, value and headers for replay', () => {
    const dead = deadLetterOf(original, { topic: 't', partition: 0, offset: '42', consumer: 'c' }, new Error('boom'), 1);
    const asReceived = { ...dead, headers: Object.fromEntries(Object.entries(dead.headers!).map(([k, v]) => [k, Buffer.from(String(v))])) };
    const { topic, message } = originalOf(asReceived as never);
    expect(topic).toBe('t');
    expect(Object.keys(message.headers!)).toEqual(['message-id']);
    expect(message.value).toEqual(Buffer.from('{"a":1}'));
  });
});
