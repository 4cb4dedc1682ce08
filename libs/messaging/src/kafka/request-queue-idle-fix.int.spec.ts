import { sleep, testEndpoints } from '@eventshop/testing';
import { quietLogger } from '../test-support/messaging-fixture';
import { createKafka } from './kafka-client';
import { KafkaJsRequestQueue } from './request-queue-idle-fix';

describe('idle kafkajs connections (Kafka)', () => {
  it('arm no timer while nothing waits: a connected producer and admin check their request queues a few times a second, not a thousand', async () => {
    const kafka = createKafka({ brokers: testEndpoints().kafkaBrokers, clientId: 'idle-connections', logger: quietLogger });
    const producer = kafka.producer();
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    await admin.listTopics(); // requests answered: each answer checks the queue once
    const check = KafkaJsRequestQueue.prototype.checkPendingRequests;
    let checks = 0;
    KafkaJsRequestQueue.prototype.checkPendingRequests = function countedCheck(this: KafkaJsRequestQueue) {
      checks++;
      check.call(this);
    };
    try {
      await sleep(1_000);
      expect(checks).toBeLessThan(20); // kafkajs's own scheduler: a check every millisecond per connection
      // Requests still flow: each is sent, answered and its queue checked.
      expect(await admin.listTopics()).toEqual(expect.any(Array));
      expect(checks).toBeGreaterThan(0);
    } finally {
      KafkaJsRequestQueue.prototype.checkPendingRequests = check;
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
