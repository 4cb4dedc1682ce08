// The two Kafka clients compared by bench:kafka-clients, each set up as the services set up theirs:
// kafkajs through @eventshop/messaging's createKafka (its idle-timer fix, the consumers' timings, an
// idempotent producer with one request in flight) and @platformatic/kafka with the same timings.
// Both read every message's headers and parse its JSON value, and commit offsets about once a second,
// as the inbox consumers do.
import { Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { consumerTimings, createKafka } from '@eventshop/messaging';
import { Partitioners } from 'kafkajs';
import pino from 'pino';

export const clientNames = ['kafkajs', 'platformatic'] as const;
export type ClientName = (typeof clientNames)[number];

export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** One side of a hop: what a relay does (send and wait for the broker's answer) or what a consumer does. */
export interface BenchClient {
  /** Starts consuming from the topic's beginning; `received` is called for each message once it is decoded. */
  consume(topic: string, group: string, received: () => void): Promise<void>;
  /** Sends the messages in one request and resolves once the broker acknowledged them (acks = all). */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

const brokers = () => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const offsetCommitIntervalMs = 1_000;

/** What a consumer does with a message before its handler: its envelope headers as text, its payload parsed. */
function decode(headers: Iterable<[unknown, unknown]>, value: unknown): { headers: Record<string, string>; payload: unknown } {
  const text: Record<string, string> = {};
  for (const [name, header] of headers) text[String(name)] = String(header);
  return { headers: text, payload: JSON.parse(String(value)) };
}

function kafkajsClient(clientId: string): BenchClient {
  const kafka = createKafka({ brokers: brokers(), clientId, logger: pino({ level: 'warn' }) });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  let consumer: ReturnType<typeof kafka.consumer> | undefined;
  let connected: Promise<void> | undefined;
  return {
    async consume(topic, group, received) {
      consumer = kafka.consumer({ groupId: group, ...consumerTimings });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: offsetCommitIntervalMs,
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            decode(Object.entries(message.headers ?? {}), message.value);
            received();
          }
        },
      });
    },
    async send(topic, messages) {
      connected ??= producer.connect();
      await connected;
      await producer.send({ topic, acks: -1, messages });
    },
    async close() {
      await consumer?.disconnect();
      if (connected) await producer.disconnect();
    },
  };
}

function platformaticClient(clientId: string): BenchClient {
  let consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined;
  let producer: Producer<string, string, string, string> | undefined;
  return {
    async consume(topic, group, received) {
      consumer = new Consumer({
        clientId,
        groupId: group,
        bootstrapBrokers: brokers(),
        sessionTimeout: consumerTimings.sessionTimeout,
        heartbeatInterval: consumerTimings.heartbeatInterval,
        maxWaitTime: consumerTimings.maxWaitTimeInMs,
      });
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: offsetCommitIntervalMs });
      stream.on('data', (message) => {
        decode(message.headers, message.value);
        received();
      });
    },
    async send(topic, messages) {
      producer ??= new Producer({ clientId, bootstrapBrokers: brokers(), serializers: stringSerializers, idempotent: true, acks: -1 });
      await producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: m.value, headers: m.headers })) });
    },
    async close() {
      await consumer?.close(true);
      await producer?.close();
    },
  };
}

export function benchClient(name: ClientName, clientId: string): BenchClient {
  return name === 'kafkajs' ? kafkajsClient(clientId) : platformaticClient(clientId);
}
