// An idempotent Kafka consumer. In one transaction it records the messages in its ledger (a service's
// inbox table of message ids, or a read side's own record) and runs the handler; a message recorded
// before is skipped, so a redelivery has no second effect. The offset is committed only after that
// transaction.
//
// Messages of a fetched batch share one transaction (one commit instead of one per message); when a
// handler throws, the batch is rolled back and split so the failing message is retried on its own.
// A handler takes either one message at a time (`handle`) or all of a batch's new ones at once
// (`handleBatch`: a projection folding many facts into few row writes); a batch handler that throws
// has its messages handled again one by one, each in its own transaction.
// A batch consumer may gather for a window (`gatherWindowMs`, gathering-window.ts): what it fetched from
// all its partitions within it is handled in one transaction. Its fetch position moves on at once,
// while the offsets are committed to Kafka only after that transaction, so a crash loses the window,
// never a message: what was not handled comes again, and what was is skipped by the ledger.
// A message that breaks its contract goes to `<topic>.dlq` at once; one whose handler keeps throwing
// goes there after bounded retries with backoff. Either way the partition moves on. An outage (the
// database unreachable) is not the message's fault: after the retries the batch goes back to Kafka
// unresolved, to be delivered again, and nothing is dead-lettered.
// A one-at-a-time consumer may prepare each message before its transaction (`prepare`): work done
// outside any transaction whose result the handler records in it — a call to a provider, made with an
// idempotency key so that making it again (after a crash, on a retry, for a copy) answers the same.
// Each message is handled in a "process" span continuing the trace it carries (its traceparent), with
// its correlation and message ids on every log line; what a handler writes to the outbox continues it.
import { ContractViolation, dlqTopicOf, type Envelope, type VersionedPayload } from '@eventshop/contracts';
import { DomainError, type Transaction } from '@eventshop/event-store';
import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { deadLetterOf } from '../dlq/dead-letter';
import { GatheringWindow, type Gathered } from './gathering-window';
import { envelopeFromKafka } from '../kafka/envelope-headers';
import { brokerOutageRetry, consumerTimings } from '../kafka/kafka-client';
import { endSpan, SpanKind, startSpan, traceparentOf, withLogContext, withSpan, type Logger, type Span } from '@eventshop/observability';
import { ConcurrencyLimit } from '@eventshop/lifecycle';
import { isInfrastructureFailure } from './failure-kind';
import type { InboxLedger } from './inbox-ledger';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

export interface InboundMessage<T = unknown> extends Envelope<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
}

/** Handles one message in the transaction; `prepared` is what `prepare` gave for it, if the consumer prepares. */
export type MessageHandler<Tx = Transaction> = (message: InboundMessage, tx: Tx, prepared?: unknown) => Promise<void>;

/**
 * Work for a message done before its transaction, outside any; its result goes to the handler. Doing
 * it twice must change nothing (a call to the outside with an idempotency key): it runs again when
 * the transaction is retried, after a crash, and for a copy the ledger then skips. If it throws, the
 * message fails as if its handler had.
 */
export type MessagePreparation = (message: InboundMessage) => Promise<unknown>;

/**
 * Handles, in one transaction, the new messages of a batch (one partition's, in offset order). Each
 * message's traceparent is its process span's: the trace to continue in what the handler writes for it.
 */
export type BatchHandler<Tx = Transaction> = (messages: InboundMessage[], tx: Tx) => Promise<void>;

/** Validates and upcasts a payload for a topic; the contracts' MessageCatalog fits. */
export interface MessageContracts {
  parse(topic: string, payload: VersionedPayload): VersionedPayload;
}

/** Everything about a consumer but its handler. */
export interface InboxConsumerSettings<Tx = Transaction> {
  /** The consumer's name: its key in the ledger and its Kafka group id. */
  consumer: string;
  topics: string[];
  kafka: Kafka;
  /** Where handled messages are recorded, in the transaction of their effects (PostgresInbox for a service). */
  ledger: InboxLedger<Tx>;
  logger: Logger;
  contracts: MessageContracts;
  retry?: RetryPolicy;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Most messages handled in one transaction. */
  maxBatchSize?: number;
  /**
   * Most messages prepared at once, over all partitions (default 4): a preparation holds a pooled
   * connection while it loads state, and makes a call to the outside. A burst waits its turn here
   * instead of taking every connection of the service (and of the database).
   */
  maxPreparing?: number;
  /**
   * A batch consumer only: how long to gather fetched messages of all partitions before one
   * transaction handles them (0, the default: each fetched batch at once, in a transaction of its own).
   * Buys fewer transactions at low rates with that much latency.
   */
  gatherWindowMs?: number;
}

/**
 * A consumer's handler: one message at a time (prepared first, if it prepares, and `prepares` says
 * which messages have anything to prepare: all by default), or a batch's new messages at once.
 */
export type InboxHandler<Tx = Transaction> =
  | { handle: MessageHandler<Tx>; prepare?: MessagePreparation; prepares?: (message: InboundMessage) => boolean }
  | {
      handleBatch: BatchHandler<Tx>;
      /**
       * The streams the batch handler locks first (lockStreams), for the ledger to lock as it records
       * the batch: one round trip for both, and the handler's own call finds them held.
       */
      locksFirst?: (messages: InboundMessage[]) => string[];
    };

export type InboxConsumerOptions<Tx = Transaction> = InboxConsumerSettings<Tx> & InboxHandler<Tx>;

interface Received {
  raw: KafkaMessage;
  message: InboundMessage;
}

class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('handler failed');
  }
}

export interface InboxConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
}

/** How often handled offsets are committed to Kafka. */
const offsetCommitIntervalMs = 1_000;

export class InboxConsumer<Tx = Transaction> {
  private consumer?: Consumer;
  private producer?: Producer;
  private committing?: NodeJS.Timeout;
  private window?: GatheringWindow<Received>;
  private readonly preparing: ConcurrencyLimit;
  private stopping = false;
  /** The partitions this member holds since its latest rebalance (unknown before the first). */
  private assignment?: Record<string, number[]>;
  /** The next offset to read of each topic-partition whose handled messages are not committed to Kafka yet. */
  private readonly uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  readonly stats: InboxConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0 };

  constructor(private readonly options: InboxConsumerOptions<Tx>) {
    this.preparing = new ConcurrencyLimit(options.maxPreparing ?? 4);
  }

  async start(): Promise<void> {
    const { kafka, consumer: groupId, topics, gatherWindowMs = 0 } = this.options;
    if (gatherWindowMs > 0) {
      if (!('handleBatch' in this.options)) throw new Error(`consumer ${groupId}: only a batch consumer gathers messages of several partitions`);
      this.window = new GatheringWindow(gatherWindowMs, this.options.maxBatchSize ?? 200, (gathered) => this.handleGathered(gathered));
    }
    this.stopping = false;
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId, ...consumerTimings, retry: brokerOutageRetry });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    // Offsets are committed at most once a second (and at stop), not after every batch: each commit is
    // a broker round trip and a write to __consumer_offsets, as costly as the message it confirms. The
    // inbox makes this safe — what a crash or rebalance redelivers was recorded and is skipped.
    this.committing = setInterval(() => void this.commitHandled().catch(() => undefined), offsetCommitIntervalMs).unref();
    // After a rebalance, what this member handled of partitions now another's is not committed by it:
    // the new owner has moved on from there (its copies of those messages were skipped by the inbox).
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
      for (const [key, { topic, partition }] of this.uncommitted) {
        if (!this.holds(topic, partition)) this.uncommitted.delete(key);
      }
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => (this.window ? this.gather(payload) : this.onBatch(payload)),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // What was gathered is handled (or, with the database away, left to come again), so its offsets go
    // with the last commit; what a fetch still brings after it comes again after a restart.
    await this.window?.flushNow();
    clearInterval(this.committing);
    await this.commitHandled().catch(() => undefined); // not committed: redelivered, and skipped by the inbox
    await this.consumer?.disconnect();
    this.window?.close();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const size = this.options.maxBatchSize ?? 200;
    for (let from = 0; from < batch.messages.length; from += size) {
      if (!isRunning() || isStale()) return; // a rebalance took the partition: leave the rest unresolved
      const chunk = batch.messages.slice(from, from + size);
      await this.handleInOrder(await this.decodeOrDeadLetter(topic, partition, chunk));
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      this.uncommitted.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(last) + 1n).toString() });
      await heartbeat();
    }
  }

  /** The messages that keep their contract, decoded; one that breaks it goes to the DLQ at once. */
  private async decodeOrDeadLetter(topic: string, partition: number, raws: KafkaMessage[]): Promise<Received[]> {
    const valid: Received[] = [];
    for (const raw of raws) {
      try {
        valid.push({ raw, message: this.decode(topic, partition, raw) });
      } catch (error) {
        await this.deadLetter(topic, partition, raw, error as Error, 0);
      }
    }
    return valid;
  }

  /** Adds a fetched batch to the window; the next fetch of its partition starts after it at once. */
  private async gather({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const window = this.window;
    if (!window || batch.messages.length === 0) return;
    const received = await this.decodeOrDeadLetter(topic, partition, batch.messages);
    if (!isRunning() || isStale()) return; // a rebalance took the partition: its new owner reads these
    const last = batch.messages[batch.messages.length - 1].offset;
    resolveOffset(last); // the fetch position only: Kafka's committed offset waits for the transaction
    await window.add(received, { topic, partition, offset: (BigInt(last) + 1n).toString() });
  }

  /** Handles a window's messages; once they are, their offsets may be committed (of partitions still this member's). */
  private async handleGathered({ received, nextOffsets }: Gathered<Received>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handleInOrder(received);
        break;
      } catch (error) {
        // The database is away (each message's retries gave up on it). Nothing of these is committed to
        // Kafka: handled again here while running (the ledger skips what did get through), or fetched
        // again after a restart.
        if (this.stopping) return;
        this.options.logger.warn(
          { consumer: this.options.consumer, messages: received.length, attempt, err: error },
          'gathered messages not handled; retrying',
        );
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, this.options.retry ?? defaultRetryPolicy)));
      }
    }
    for (const next of nextOffsets) {
      if (this.holds(next.topic, next.partition)) this.uncommitted.set(`${next.topic}:${next.partition}`, next);
    }
  }

  /** Whether this member holds the partition since its latest rebalance (assumed before its first). */
  private holds(topic: string, partition: number): boolean {
    return !this.assignment || (this.assignment[topic]?.includes(partition) ?? false);
  }

  /** Commits the offsets handled since the last commit; on failure they are tried again at the next. */
  private async commitHandled(): Promise<void> {
    if (!this.consumer || this.uncommitted.size === 0) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      // Kept for the next try unless newer offsets were handled meanwhile.
      for (const o of offsets) if (!this.uncommitted.has(`${o.topic}:${o.partition}`)) this.uncommitted.set(`${o.topic}:${o.partition}`, o);
      throw error;
    }
  }

  /** Handles messages in order, together while they succeed; a failing one is retried alone. */
  private async handleInOrder(pending: Received[]): Promise<void> {
    while (pending.length > 0) {
      try {
        await this.handleTogether(pending.map((p) => p.message));
        return;
      } catch (error) {
        if (!(error instanceof HandlerFailure)) {
          // Not one message's fault known (the database, or a batch handler that threw): one by one, each with its retries.
          for (const received of pending) await this.handleAlone(received, 0, error);
          return;
        }
        if (error.index > 0) await this.handleInOrder(pending.slice(0, error.index));
        await this.handleAlone(pending[error.index], 1, error.cause);
        pending = pending.slice(error.index + 1);
      }
    }
  }

  private async handleAlone({ raw, message }: Received, failedAttempts: number, lastError: unknown): Promise<void> {
    const policy = this.options.retry ?? defaultRetryPolicy;
    for (let attempt = failedAttempts; ;) {
      if (attempt > 0) {
        // A contract violation or a domain refusal will fail the same way every time: no retries.
        if (lastError instanceof ContractViolation || lastError instanceof DomainError) {
          return this.deadLetter(message.topic, message.partition, raw, lastError, attempt);
        }
        if (attempt >= policy.maxAttempts) {
          if (isInfrastructureFailure(lastError)) throw lastError; // kafkajs backs off and redelivers
          return this.deadLetter(message.topic, message.partition, raw, lastError as Error, attempt);
        }
        this.stats.retries++;
        this.options.logger.warn(
          {
            consumer: this.options.consumer,
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            messageId: message.messageId,
            attempt,
            err: lastError,
          },
          'handler failed; retrying',
        );
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, policy)));
      }
      attempt++;
      try {
        await this.handleTogether([message]);
        return;
      } catch (error) {
        lastError = error instanceof HandlerFailure ? error.cause : error;
      }
    }
  }

  private decode(topic: string, partition: number, raw: KafkaMessage): InboundMessage {
    const envelope = envelopeFromKafka(raw.headers, raw.value);
    const current = this.options.contracts.parse(topic, envelope);
    return { ...envelope, schemaVersion: current.schemaVersion, data: current.data, topic, partition, offset: raw.offset, key: raw.key?.toString() };
  }

  /** One transaction: record every message in the ledger, run the handler for the new ones, commit. */
  private async handleTogether(messages: InboundMessage[]): Promise<void> {
    const { ledger } = this.options;
    const spans = new Map<InboundMessage, Span>();
    let failure: unknown;
    try {
      const prepared = await this.prepare(messages);
      const handled = await ledger.inTransaction(async (tx) => {
        const recorded = await this.recordNew(tx, messages);
        // The new ones, with their place in the batch; a copy later in the same batch is not new.
        const fresh = [...messages.entries()].filter(([, message]) => recorded.delete(message.messageId));
        for (const [, message] of fresh) spans.set(message, this.processSpan(message));
        if ('handleBatch' in this.options) {
          try {
            // No span is current while a batch runs: each message carries its own process span's
            // traceparent instead, so what the handler writes for it continues that span.
            if (fresh.length > 0)
              await this.options.handleBatch(
                fresh.map(([, message]) => ({ ...message, traceparent: this.traceparentWithin(spans.get(message)) ?? message.traceparent })),
                tx,
              );
          } catch (error) {
            // Alone, the message is the one that failed; together, which one is unknown: one by one tells.
            if (fresh.length === 1) throw new HandlerFailure(fresh[0][0], error);
            throw error;
          }
          return fresh.length;
        }
        for (const [index, message] of fresh) {
          try {
            await this.handleOne(message, tx, spans.get(message), prepared[index]);
          } catch (error) {
            throw new HandlerFailure(index, error);
          }
        }
        return fresh.length;
      });
      this.stats.handled += handled;
      this.stats.duplicates += messages.length - handled;
    } catch (error) {
      failure = error instanceof HandlerFailure ? error.cause : error;
      throw error;
    } finally {
      // Ended once the transaction has committed (or not): a span covers the message's whole handling.
      for (const span of spans.values()) endSpan(span, failure);
    }
  }

  /** Records the messages in the ledger in one call, the locks the batch handler takes first with them. */
  private recordNew(tx: Tx, messages: InboundMessage[]): Promise<Set<string>> {
    const lockFirst = 'handleBatch' in this.options ? this.options.locksFirst?.(messages) : undefined;
    return this.options.ledger.recordNew(tx, this.options.consumer, messages, lockFirst);
  }

  private traceparentWithin(span: Span | undefined): string | undefined {
    return span ? traceparentOf(span) : undefined;
  }

  private processSpan(message: InboundMessage): Span {
    return startSpan(`process ${message.topic}`, {
      kind: SpanKind.CONSUMER,
      parent: message.traceparent,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': message.topic,
        'messaging.consumer.group.name': this.options.consumer,
        'messaging.message.id': message.messageId,
        'messaging.message.type': message.type,
      },
    });
  }

  /**
   * Each message's preparation, if the consumer prepares it: outside any transaction, several at once
   * (their calls overlap, up to maxPreparing), each in a span of the message's trace. A failure is the
   * message's. Copies of one message in the batch share its preparation: one call out, not one each
   * (only the first copy is handled; the ledger skips the others).
   */
  private async prepare(messages: InboundMessage[]): Promise<unknown[]> {
    if (!('handle' in this.options) || !this.options.prepare) return [];
    const { prepare, prepares = () => true } = this.options;
    const preparations = new Map<string, Promise<unknown>>();
    return Promise.all(
      messages.map((message, index) => {
        if (!prepares(message)) return undefined; // nothing to do first: no span, and no turn taken from those that have
        let preparation = preparations.get(message.messageId);
        if (!preparation) {
          preparation = this.preparing.run(() => this.prepareOne(message, index, prepare));
          preparations.set(message.messageId, preparation);
        }
        return preparation;
      }),
    );
  }

  private async prepareOne(message: InboundMessage, index: number, prepare: MessagePreparation): Promise<unknown> {
    const span = startSpan(`prepare ${message.topic}`, { parent: message.traceparent, attributes: { 'messaging.message.id': message.messageId } });
    try {
      const prepared = await withSpan(span, () =>
        withLogContext({ correlationId: message.correlationId, messageId: message.messageId }, () => prepare(message)),
      );
      endSpan(span);
      return prepared;
    } catch (error) {
      endSpan(span, error);
      throw new HandlerFailure(index, error);
    }
  }

  /** One message's handler, in its span and with its ids on every log line it writes. */
  private handleOne(message: InboundMessage, tx: Tx, span: Span | undefined, prepared: unknown): Promise<void> {
    if (!('handle' in this.options)) throw new Error('a batch consumer handles messages together');
    const handle = this.options.handle;
    const run = () => withLogContext({ correlationId: message.correlationId, messageId: message.messageId }, () => handle(message, tx, prepared));
    return span ? withSpan(span, run) : run();
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: Error, attempts: number): Promise<void> {
    const source = { topic, partition, offset: message.offset, consumer: this.options.consumer };
    if (!this.producer) throw new Error(`consumer ${this.options.consumer} is stopped; ${topic}@${message.offset} will be redelivered`);
    // If this send fails, the error propagates: the offset is not resolved and the message comes back.
    await this.producer.send({ topic: dlqTopicOf(topic), messages: [deadLetterOf(message, source, error, attempts)], acks: -1 });
    this.stats.deadLettered++;
    this.options.logger.error({ ...source, attempts, err: error }, `message dead-lettered to ${dlqTopicOf(topic)}`);
  }
}
