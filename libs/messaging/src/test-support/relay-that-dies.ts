// Runs an outbox relay that kills its own process (SIGKILL, no cleanup) right after publishing a batch
// and before deleting it from the outbox: the crash the outbox/inbox pair must survive.
import pino from 'pino';
import { Pool } from 'pg';
import { createKafka } from '../kafka/kafka-client';
import { OutboxRelay } from '../outbox/outbox-relay';

const [database, service] = process.argv.slice(2);
const pool = new Pool({
  host: process.env['PGHOST'],
  port: Number(process.env['PGPORT'] ?? 5432),
  user: process.env['PGUSER'],
  password: process.env['PGPASSWORD'],
  database,
});
const logger = pino({ level: 'silent' });
const kafka = createKafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','), clientId: 'relay-that-dies', logger });
new OutboxRelay({
  service,
  pool,
  kafka,
  logger,
  afterPublish: (ids) => {
    process.stdout.write(`published ${ids.join(',')}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
}).start();
