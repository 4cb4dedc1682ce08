// The message envelope every Kafka message carries (as headers) around its JSON payload.
// correlationId ties every message of one order together; causationId names the message that caused it.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const envelopeSchema = z.object({
  messageId: z.string().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.string().optional(),
});

export type EnvelopeMetadata = z.infer<typeof envelopeSchema>;

export interface Envelope<T = unknown> extends EnvelopeMetadata {
  data: T;
}

export interface NewEnvelopeInput<T> {
  type: string;
  schemaVersion?: number;
  data: T;
  correlationId: string;
  /** The envelope this one answers or follows from; its id becomes causationId. */
  causedBy?: Pick<EnvelopeMetadata, 'messageId' | 'traceparent'>;
  messageId?: string;
  occurredAt?: Date;
}

export function newEnvelope<T>(input: NewEnvelopeInput<T>): Envelope<T> {
  return {
    messageId: input.messageId ?? randomUUID(),
    type: input.type,
    schemaVersion: input.schemaVersion ?? 1,
    correlationId: input.correlationId,
    causationId: input.causedBy?.messageId,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    traceparent: input.causedBy?.traceparent,
    data: input.data,
  };
}
