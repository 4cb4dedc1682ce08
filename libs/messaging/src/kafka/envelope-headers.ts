// The envelope travels as Kafka headers around a JSON value (the payload), so brokers, tools and
// consumers can route and trace a message without parsing its body.
import { ContractViolation, envelopeSchema, type Envelope, type EnvelopeMetadata } from '@eventshop/contracts';
import type { IHeaders } from 'kafkajs';

export const HeaderNames = {
  messageId: 'message-id',
  type: 'type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
  traceparent: 'traceparent',
} as const satisfies Record<keyof EnvelopeMetadata, string>;

export function headersOf(envelope: EnvelopeMetadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [field, header] of Object.entries(HeaderNames) as [keyof EnvelopeMetadata, string][]) {
    const value = envelope[field];
    if (value !== undefined) headers[header] = String(value);
  }
  return headers;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads the envelope back from a Kafka message; a missing header or a non-JSON value is a ContractViolation. */
export function envelopeFromKafka(headers: IHeaders | undefined, value: Buffer | null): Envelope {
  const schemaVersion = headerText(headers, HeaderNames.schemaVersion);
  const metadata = envelopeSchema.safeParse({
    messageId: headerText(headers, HeaderNames.messageId),
    type: headerText(headers, HeaderNames.type),
    schemaVersion: schemaVersion === undefined ? undefined : Number(schemaVersion),
    correlationId: headerText(headers, HeaderNames.correlationId),
    causationId: headerText(headers, HeaderNames.causationId),
    occurredAt: headerText(headers, HeaderNames.occurredAt),
    traceparent: headerText(headers, HeaderNames.traceparent),
  });
  if (!metadata.success) {
    const fields = metadata.error.issues.map((i) => `${HeaderNames[i.path[0] as keyof typeof HeaderNames] ?? i.path.join('.')}: ${i.message}`);
    throw new ContractViolation(`bad envelope headers (${fields.join('; ')})`);
  }
  if (value === null) throw new ContractViolation('message has no value');
  let data: unknown;
  try {
    data = JSON.parse(value.toString('utf8'));
  } catch {
    throw new ContractViolation('message value is not JSON');
  }
  return { ...metadata.data, data };
}
