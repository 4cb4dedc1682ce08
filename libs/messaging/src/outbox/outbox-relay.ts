// Publishes the outbox to Kafka, oldest first, with an idempotent producer, then deletes what it sent.
//
// - One active relay per service: the leader holds a session advisory lock on its own connection; if
//   that connection dies the lock is released and a standby takes over.
// - Woken by LISTEN/NOTIFY after each commit that wrote to the outbox, with polling for lost notifications.
// - At-least-once: a crash after publishing and before the delete is durable republishes the batch;
//   consumers' inboxes absorb the duplicates (same message id). Published rows are deleted by the next
//   writer of this process that commits messages, in its own statement (published-rows.ts); what no
//   writer takes, the relay deletes in batches — about once a second, or once 200 wait — by the
//   statement that reads the next rows. Until then its reads skip them.
// - Order per key: rows are read in id order and sent in one batch per round, one request in flight.
// - Each message is published in its own trace: a "publish" span, a child of the traceparent stored
//   when it was written, whose traceparent the message carries to its consumers.
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { databaseOf, listenInProcess, unprepared } from '@eventshop/event-store';
import { BackgroundLoop } from '@eventshop/lifecycle';
import { endSpan, SpanKind, startSpan, traceparentOf, type Logger } from '@eventshop/observability';
import { outboxChannel } from './outbox';
import { offerPublishedRows, PublishedRows } from './published-rows';

/**
 * How long published rows no writer has deleted wait before a round's read also deletes them, and how
 * many may wait. Deleting in batches keeps most rounds read-only: a delete is a write transaction (a
 * transaction id, WAL), one per round otherwise — at a trickle, a second's wait makes it one a second
 * instead of ten, and gives a writer the time to take them. The count bounds what each read steps
 * over meanwhile when traffic is heavy.
 */
const deleteAfterMs = 1_000;
const deleteAtRows = 200;

export interface OutboxRelayOptions {
  service: string;
  pool: Pool;
  kafka: Kafka;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** How often a standby tries to become the leader. */
  leaderRetryMs?: number;
  /** Test seam: runs after a batch is published and before it is deleted. */
  afterPublish?(messageIds: string[]): Promise<void> | void;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

export class OutboxRelay extends BackgroundLoop {
  private leaderConnection?: PoolClient;
  private producer?: Producer;
  private stopListeningInProcess?: () => void;
  private withdrawPublishedRows?: () => void;
  /** Published and acknowledged, to be deleted by a writer's transaction or a later round's read. */
  readonly sent = new PublishedRows();
  isLeader = false;
  published = 0;
  /** Statements of the relay that deleted published rows (writers' are counted in `sent`). */
  deletions = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    super();
  }

  private get lockKey(): string {
    return `outbox-relay:${this.options.service}`;
  }

  protected async run(): Promise<void> {
    const { logger, service } = this.options;
    while (this.running) {
      try {
        if (await this.becomeLeader()) {
          logger.info({ service }, 'outbox relay is the leader');
          await this.relayWhileLeader();
        } else {
          await this.wakeup.sleep(this.options.leaderRetryMs ?? 1000);
        }
      } catch (error) {
        logger.error({ service, err: error }, 'outbox relay failed; retrying');
        await this.wakeup.sleep(500);
      } finally {
        await this.resign();
      }
    }
  }

  private async becomeLeader(): Promise<boolean> {
    const connection = await this.options.pool.connect();
    const onError = () => this.wakeup.wake(); // a dead connection means we lost the lock
    connection.on('error', onError);
    this.leaderConnection = connection; // from here on, a failure ends in resign(), which destroys it
    const { rows } = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey]);
    if (!rows[0].locked) {
      // A standby asks again every second: the connection goes back to the pool as it came.
      this.leaderConnection = undefined;
      connection.removeListener('error', onError);
      connection.release();
      return false;
    }
    this.isLeader = true;
    connection.on('notification', () => this.wakeup.wake());
    await connection.query(`LISTEN ${outboxChannel(this.options.service)}`);
    // Writers in this process wake the leader directly, without a NOTIFY round trip.
    this.stopListeningInProcess = listenInProcess(connection, outboxChannel(this.options.service), () => this.wakeup.wake());
    // And delete what it published, in the statement that writes their messages.
    this.withdrawPublishedRows = offerPublishedRows(databaseOf(connection), this.options.service, this.sent);
    // Deleting sent rows need not wait for the disk: a delete lost in a database crash only means the
    // rows are published again, and consumers' inboxes absorb that. Keeps an fsync off the hot path.
    await connection.query('SET synchronous_commit TO off');
    this.producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    return true;
  }

  private async resign(): Promise<void> {
    this.isLeader = false;
    this.stopListeningInProcess?.();
    this.stopListeningInProcess = undefined;
    this.withdrawPublishedRows?.();
    this.withdrawPublishedRows = undefined;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    const connection = this.leaderConnection;
    this.leaderConnection = undefined;
    if (connection) {
      // Destroy rather than return to the pool: the session lock and LISTEN end with the session.
      connection.release(true);
    }
  }

  private async relayWhileLeader(): Promise<void> {
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    const batchSize = this.options.batchSize ?? 1000;
    try {
      while (this.running && this.leaderConnection) {
        const sent = await this.publishBatch(this.leaderConnection);
        if (sent === batchSize) continue;
        // Sent rows no writer takes wait for a later round's read to delete them; when no commit wakes
        // the relay before they are due, it wakes for them.
        const deleteDueInMs = this.sent.dueInMs(deleteAfterMs) ?? pollIntervalMs;
        await this.wakeup.sleep(Math.max(1, Math.min(pollIntervalMs, deleteDueInMs)));
      }
    } finally {
      await this.deleteSent().catch(() => undefined); // stopping: the rows would only be published again
    }
  }

  /** The ids of rows published and not deleted yet (still in the table, no longer pending). */
  publishedNotDeleted(): readonly string[] {
    return this.sent.all();
  }

  /** Stopping: deletes what no writer holds (what one holds, its transaction deletes; if it rolls back, the rows are published again). */
  private async deleteSent(): Promise<void> {
    const connection = this.leaderConnection;
    if (!connection) return;
    const ids = this.sent.lend();
    if (ids.length === 0) return;
    await this.deleting(ids, () => connection.query(unprepared('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids])));
  }

  /** Runs the relay's statement that deletes `ids` (lent to it), and forgets them once it has, or gives them back. */
  private async deleting<T>(ids: string[], statement: () => Promise<T>): Promise<T> {
    if (ids.length === 0) return statement();
    try {
      const result = await statement();
      this.sent.deleted(ids);
      this.deletions++;
      return result;
    } catch (error) {
      this.sent.returned(ids);
      throw error;
    }
  }

  /** Reads the next batch, skipping rows already sent; deletes those in the same statement once they are due. */
  private async readNext(connection: PoolClient): Promise<OutboxRow[]> {
    const batchSize = this.options.batchSize ?? 1000;
    const skipped = this.sent.all();
    const due = this.sent.dueForRelay(deleteAfterMs, deleteAtRows) ? this.sent.lend() : [];
    const { rows } = await this.deleting(due, () =>
      connection.query<OutboxRow>(
        due.length > 0
          ? // The read sees the table as it was before the statement's own delete: it skips those rows itself.
            unprepared(
              `WITH sent AS (DELETE FROM outbox WHERE id = ANY($3::bigint[]))
               SELECT id, topic, message_key, headers, payload FROM outbox WHERE id <> ALL($2::bigint[]) ORDER BY id LIMIT $1`,
              [batchSize, skipped, due],
            )
          : {
              name: 'outbox-relay-read',
              text: 'SELECT id, topic, message_key, headers, payload FROM outbox WHERE id <> ALL($2::bigint[]) ORDER BY id LIMIT $1',
              values: [batchSize, skipped],
            },
      ),
    );
    return rows;
  }

  /** Publishes one batch; returns how many messages it sent. */
  private async publishBatch(connection: PoolClient): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('outbox relay has no producer: not the leader');
    const rows = await this.readNext(connection);
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, Message[]>();
    const spans = rows.map((row) =>
      startSpan(`publish ${row.topic}`, {
        kind: SpanKind.PRODUCER,
        parent: row.headers['traceparent'],
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': row.topic, 'messaging.message.id': row.headers['message-id'] },
      }),
    );
    for (const [i, row] of rows.entries()) {
      const messages = byTopic.get(row.topic) ?? [];
      const traceparent = traceparentOf(spans[i]) ?? row.headers['traceparent'];
      messages.push({ key: row.message_key, value: JSON.stringify(row.payload), headers: { ...row.headers, ...(traceparent ? { traceparent } : {}) } });
      byTopic.set(row.topic, messages);
    }
    try {
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
      spans.forEach((span) => endSpan(span));
    } catch (error) {
      spans.forEach((span) => endSpan(span, error));
      throw error;
    }
    await this.options.afterPublish?.(rows.map((r) => r.headers['message-id']));
    this.sent.add(rows.map((r) => r.id));
    this.published += rows.length;
    return rows.length;
  }
}
