// The consuming side of the commit -> consumed measurement, in a process of its own as a consuming
// service would be: an inbox consumer that prints "<messageId> <epoch ms>" for every message handled,
// each in a transaction of its own or each fetched batch in one.
// Usage (from run.ts): tsx latency-consumer.ts <database> <topic> <group> each|batch
import { defineMessage, MessageCatalog } from '@eventshop/contracts';
import { createKafka, InboxConsumer, PostgresInbox, type InboundMessage } from '@eventshop/messaging';
import { Pool } from 'pg';
import pino from 'pino';
import { z } from 'zod';

const [database, topic, group, mode] = process.argv.slice(2);
const logger = pino({ level: 'warn' });
const pool = new Pool({ database, max: 10 }); // PGHOST, PGPORT, PGUSER, PGPASSWORD come from the environment
const handled = (message: InboundMessage) => void process.stdout.write(`${message.messageId} ${performance.timeOrigin + performance.now()}\n`);
const consumer = new InboxConsumer({
  consumer: group,
  topics: [topic],
  kafka: createKafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','), clientId: group, logger }),
  ledger: new PostgresInbox(pool),
  logger,
  contracts: new MessageCatalog().add(topic, defineMessage('BenchPing', z.object({ n: z.number() }))),
  fromBeginning: false,
  ...(mode === 'batch'
    ? { handleBatch: async (messages: InboundMessage[]) => messages.forEach(handled) }
    : { handle: async (message: InboundMessage) => handled(message) }),
});

consumer.start().then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  void consumer
    .stop()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
