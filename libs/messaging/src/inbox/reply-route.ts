// Where the answer to a command goes: its correlation (the order), the command it answers, and the
// trace it belongs to. Taken from the inbound message; carried through work queues to whoever replies.
import { envelopeOf, type EnvelopeOptions, type MessageDefinition } from '@eventshop/contracts';
import type { z } from 'zod';
import type { OutboxMessage } from '../outbox/outbox';
import type { InboundMessage } from './inbox-consumer';

export interface ReplyRoute {
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

export const replyRouteOf = (message: InboundMessage): ReplyRoute => ({
  correlationId: message.correlationId,
  causationId: message.messageId,
  traceparent: message.traceparent,
});

export const envelopeOptionsFor = (route: ReplyRoute): EnvelopeOptions => ({
  correlationId: route.correlationId,
  causedBy: { messageId: route.causationId, traceparent: route.traceparent },
});

/** A reply as an outbox message: on the replies topic, keyed by the correlation (the order), caused by the command. */
export function replyTo<D extends MessageDefinition>(route: ReplyRoute, topic: string, definition: D, data: z.input<D['schema']>): OutboxMessage {
  return { topic, key: route.correlationId, envelope: envelopeOf(definition, data, envelopeOptionsFor(route)) };
}
