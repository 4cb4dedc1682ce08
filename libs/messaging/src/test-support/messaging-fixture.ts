// A migrated database, unique topics (with DLQs) and a quiet Kafka client for messaging's tests.
import { defineMessage, MessageCatalog, newEnvelope } from '@eventshop/contracts';
import { EventStore, eventStoreMigrations, migrate } from '@eventshop/event-store';
import { createTestDatabase, createTestTopics, testEndpoints, uniqueName, type TestDatabase, type TestTopics } from '@eventshop/testing';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { createKafka } from '../kafka/kafka-client';
import { InboxConsumer, type InboxConsumerSettings, type InboxHandler } from '../inbox/inbox-consumer';
import { PostgresInbox } from '../inbox/inbox-ledger';
import type { OutboxMessage } from '../outbox/outbox';
import { messagingMigrations } from '../schema';

export const quietLogger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });

export const ItemAdded = defineMessage('ItemAdded', z.object({ key: z.string(), seq: z.number().int() }));

export interface MessagingFixture {
  db: TestDatabase;
  store: EventStore;
  kafka: Kafka;
  /** The validating catalogue of every topic this fixture created. */
  catalog: MessageCatalog;
  service: string;
  /** A new topic (and its DLQ) carrying ItemAdded, so each test reads only its own messages. */
  newTopic(label: string): Promise<string>;
  /** An inbox consumer of `topic` on this fixture's broker and database, not started (the test starts and stops it). */
  inboxConsumer(name: string, topic: string, options: InboxHandler & Partial<InboxConsumerSettings>): InboxConsumer;
  cleanup(): Promise<void>;
}

export async function messagingFixture(label: string, partitions = 3): Promise<MessagingFixture> {
  const db = await createTestDatabase(label);
  await migrate(db.pool, [...eventStoreMigrations, ...messagingMigrations]);
  const kafka = createKafka({ brokers: testEndpoints().kafkaBrokers, clientId: label, logger: quietLogger });
  const catalog = new MessageCatalog();
  const created: TestTopics[] = [];
  return {
    db,
    store: new EventStore(db.pool),
    kafka,
    catalog,
    service: uniqueName(label).replace(/[^a-z0-9]/g, '_'),
    newTopic: async (name) => {
      const topic = uniqueName(`${label}.${name}`);
      created.push(await createTestTopics([topic], partitions));
      catalog.add(topic, ItemAdded);
      return topic;
    },
    inboxConsumer: (name, topic, options) => {
      return new InboxConsumer({
        consumer: name,
        topics: [topic],
        kafka,
        ledger: new PostgresInbox(db.pool),
        logger: quietLogger,
        contracts: catalog,
        ...options,
      });
    },
    cleanup: async () => {
      for (const topics of created) await topics.delete();
      await db.drop();
    },
  };
}

export function itemAdded(topic: string, key: string, seq: number): OutboxMessage {
  return { topic, key, envelope: newEnvelope({ type: 'ItemAdded', data: { key, seq }, correlationId: key }) };
}
