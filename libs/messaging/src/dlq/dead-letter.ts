// What a dead letter carries: the original key, value and headers untouched, plus `dlq-*` headers
// saying where it came from and why it failed — enough to understand it and to replay it.
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { headerText } from '../kafka/envelope-headers';

export const DlqHeaders = {
  error: 'dlq-error',
  errorType: 'dlq-error-type',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  consumer: 'dlq-consumer',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
  consumer: string;
}

export function deadLetterOf(message: KafkaMessage, source: DeadLetterSource, error: Error, attempts: number, now = new Date()): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      [DlqHeaders.error]: error.message.slice(0, 2000),
      [DlqHeaders.errorType]: error.name,
      [DlqHeaders.sourceTopic]: source.topic,
      [DlqHeaders.sourcePartition]: String(source.partition),
      [DlqHeaders.sourceOffset]: source.offset,
      [DlqHeaders.consumer]: source.consumer,
      [DlqHeaders.attempts]: String(attempts),
      [DlqHeaders.failedAt]: now.toISOString(),
    },
  };
}

/** The message as it was before it was dead-lettered: original headers, key and value. */
export function originalOf(deadLetter: KafkaMessage): { topic: string; message: Message } {
  const topic = headerText(deadLetter.headers, DlqHeaders.sourceTopic);
  if (!topic) throw new Error('not a dead letter: no dlq-source-topic header');
  const dlqNames = new Set<string>(Object.values(DlqHeaders));
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(deadLetter.headers ?? {})) {
    if (!dlqNames.has(name) && value !== undefined) headers[name] = value;
  }
  return { topic, message: { key: deadLetter.key, value: deadLetter.value, headers } };
}
