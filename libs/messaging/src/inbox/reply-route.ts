// Where the answer to a command goes: its correlation (the order), the command it answers, and the
// trace it belongs to. Taken from the inbound message; carried through work queues to whoever replies.
import type { EnvelopeOptions } from '@eventshop/contracts';
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
