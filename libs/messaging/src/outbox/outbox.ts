// Writing to the transactional outbox: messages are rows inserted in the caller's transaction, so they
// exist if and only if the state change that caused them commits. The relay is notified after the
// commit (notifyAfterCommit: a NOTIFY inside would serialise every writer's commit); a rolled-back
// transaction neither writes nor notifies.
// Each message keeps the trace it was written in: an "outbox write" span (a child of the work running,
// else of the message that caused it) whose traceparent is stored with the row, for the relay to
// publish in.
import type { Envelope } from '@eventshop/contracts';
import { notifyAfterCommit, type Transaction } from '@eventshop/event-store';
import { currentTraceId, endSpan, startSpan, traceparentOf } from '@eventshop/observability';
import { headersOf } from '../kafka/envelope-headers';

export interface OutboxMessage {
  topic: string;
  /** The Kafka key: messages with one key keep their order (use the aggregate or order id). */
  key: string;
  envelope: Envelope;
}

export const outboxChannel = (service: string) => `outbox_${service.replace(/[^a-z0-9_]/gi, '_')}`;

const ENQUEUE_SQL = `
  INSERT INTO outbox (topic, message_key, message_id, headers, payload)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])`;

export class Outbox {
  constructor(readonly service: string) {}

  async enqueue(tx: Transaction, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const traced = currentTraceId() !== undefined;
    const spans = messages.map((m) =>
      startSpan(`outbox write ${m.topic}`, {
        parent: traced ? undefined : m.envelope.traceparent,
        attributes: { 'messaging.message.id': m.envelope.messageId },
      }),
    );
    const headers = messages.map((m, i) => headersOf({ ...m.envelope, traceparent: traceparentOf(spans[i]) ?? m.envelope.traceparent }));
    try {
      await tx.query({
        name: 'outbox-enqueue',
        text: ENQUEUE_SQL,
        values: [
          messages.map((m) => m.topic),
          messages.map((m) => m.key),
          messages.map((m) => m.envelope.messageId),
          headers.map((h) => JSON.stringify(h)),
          messages.map((m) => JSON.stringify(m.envelope.data)),
        ],
      });
      spans.forEach((span) => endSpan(span));
    } catch (error) {
      spans.forEach((span) => endSpan(span, error));
      throw error;
    }
    notifyAfterCommit(tx, outboxChannel(this.service));
  }
}
