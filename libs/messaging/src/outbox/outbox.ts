// Writing to the transactional outbox: messages are rows inserted in the caller's transaction, so they
// exist if and only if the state change that caused them commits. A transaction's messages are
// gathered and inserted together just before it commits: one statement, however many were enqueued. The relay is notified after the
// commit (notifyAfterCommit: a NOTIFY inside would serialise every writer's commit); a rolled-back
// transaction neither writes nor notifies.
// The same statement deletes the rows the relay of this process has published since (published-rows.ts):
// a writer commits anyway, and the relay is spared a write transaction of its own for them.
// Each message keeps the trace it was written in: an "outbox write" span (a child of the work running,
// else of the message that caused it) whose traceparent is stored with the row, for the relay to
// publish in.
import type { Envelope } from '@eventshop/contracts';
import { notifyAfterCommit, unprepared, type Transaction } from '@eventshop/event-store';
import { currentTraceId, endSpan, startSpan, traceparentOf, type Span } from '@eventshop/observability';
import { headersOf } from '../kafka/envelope-headers';
import { publishedRowsOf } from './published-rows';

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

const ENQUEUE_AND_DELETE_PUBLISHED_SQL = `
  WITH published AS (DELETE FROM outbox WHERE id = ANY($6::bigint[]))
  ${ENQUEUE_SQL}`;

/** A message as its outbox row, with the span that ends when the row is written. */
interface PendingRow {
  message: OutboxMessage;
  headers: string;
  span: Span;
}

export class Outbox {
  /** Each open transaction's messages, written together just before it commits. */
  private readonly pending = new WeakMap<Transaction, PendingRow[]>();

  constructor(readonly service: string) {}

  /**
   * Adds messages to the transaction's outbox. They are written with one INSERT just before the
   * transaction commits — however many times a transaction enqueues (a saga's command, its progress
   * facts and the order's fact; every message of an inbox batch) — and the relay is woken after it.
   */
  async enqueue(tx: Transaction, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const traced = currentTraceId() !== undefined;
    let rows = this.pending.get(tx);
    if (!rows) {
      const gathered: PendingRow[] = [];
      rows = gathered;
      this.pending.set(tx, gathered);
      tx.beforeCommit(() => this.write(tx, gathered));
    }
    for (const message of messages) {
      // The span and its traceparent belong to the work running now, not to the commit.
      const span = startSpan(`outbox write ${message.topic}`, {
        parent: traced ? undefined : message.envelope.traceparent,
        attributes: { 'messaging.message.id': message.envelope.messageId },
      });
      const headers = JSON.stringify(headersOf({ ...message.envelope, traceparent: traceparentOf(span) ?? message.envelope.traceparent }));
      rows.push({ message, headers, span });
    }
    notifyAfterCommit(tx, outboxChannel(this.service));
  }

  private async write(tx: Transaction, rows: PendingRow[]): Promise<void> {
    this.pending.delete(tx);
    const published = this.takePublished(tx);
    try {
      const values = [
        rows.map((r) => r.message.topic),
        rows.map((r) => r.message.key),
        rows.map((r) => r.message.envelope.messageId),
        rows.map((r) => r.headers),
        rows.map((r) => JSON.stringify(r.message.envelope.data)),
      ];
      await tx.query(
        published.length > 0
          ? unprepared(ENQUEUE_AND_DELETE_PUBLISHED_SQL, [...values, published]) // the delete looks rows up by id
          : { name: 'outbox-enqueue', text: ENQUEUE_SQL, values },
      );
      rows.forEach((r) => endSpan(r.span));
    } catch (error) {
      rows.forEach((r) => endSpan(r.span, error));
      throw error;
    }
  }

  /** The rows this process's relay has published, lent to `tx` to delete: forgotten if it commits, given back if not. */
  private takePublished(tx: Transaction): string[] {
    const rows = publishedRowsOf(tx.database, this.service);
    const ids = rows?.lend() ?? [];
    if (rows && ids.length > 0) {
      tx.afterCommit(() => rows.deleted(ids, true));
      tx.afterRollback(() => rows.returned(ids));
    }
    return ids;
  }
}
