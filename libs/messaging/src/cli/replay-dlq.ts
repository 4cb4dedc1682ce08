// npm run dlq:replay -- --topic inventory.commands.dlq [--message-id <id>] [--brokers 127.0.0.1:9092]
// Republishes dead letters to the topic they came from (all of them, or the one with that message id).
import { headerText, HeaderNames } from '../kafka/envelope-headers';
import { createKafka } from '../kafka/kafka-client';
import { createLogger } from '@eventshop/observability';
import { replayDeadLetters } from '../dlq/dlq-replayer';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const dlqTopic = argument('topic');
  if (!dlqTopic?.endsWith('.dlq')) throw new Error('usage: replay-dlq --topic <topic>.dlq [--message-id <id>] [--brokers host:port]');
  const messageId = argument('message-id');
  const brokers = (argument('brokers') ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka({ brokers, clientId: 'dlq-replay', logger: createLogger('dlq-replay') });
  const replayed = await replayDeadLetters({
    kafka,
    dlqTopic,
    select: (m) => messageId === undefined || headerText(m.headers, HeaderNames.messageId) === messageId,
  });
  console.log(`replayed ${replayed} message(s) from ${dlqTopic}`);
  if (messageId && replayed === 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
