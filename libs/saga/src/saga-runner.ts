// Runs saga definitions durably: each saga is its own event stream, its commands go out through the
// outbox and its deadlines through the work queue — all in the caller's transaction, so a crash at
// any point leaves either everything or nothing, and a restarted service continues from the stream.
import { newEnvelope } from '@eventshop/contracts';
import { loadAggregate, lockStreams, type EventStore, type Transaction } from '@eventshop/event-store';
import type { Outbox, ReplyRoute } from '@eventshop/messaging';
import { changeWork, type WorkItem, type WorkOutcome } from '@eventshop/work-queue';
import type { SagaCommand, SagaDefinition } from './saga-definition';
import { evolveSaga, initialSagaState, type SagaEvent, type SagaState } from './saga';
import { awaitedPhase, decideSaga, type DeadlinePhase, type SagaInput } from './saga.decide';
import { sagaEffects } from './saga-effects';
import { SagaMetrics } from './saga-metrics';

export interface SagaRunnerOptions<Context> {
  definition: SagaDefinition<Context>;
  store: EventStore;
  outbox: Outbox;
  /** Checks an outgoing command against the contracts; throws to refuse it. */
  validate?(command: SagaCommand): void;
  now?(): Date;
  /** Counts durations and step outcomes once each decision has committed. */
  metrics?: SagaMetrics;
}

export interface DeadlineWork {
  sagaId: string;
  phase: DeadlinePhase;
  step: string;
  attempt: number;
}

export interface SagaOutcome<Context> {
  state: SagaState<Context>;
  /** The events this input decided (none for a late, repeated or stale input). */
  events: SagaEvent<Context>[];
  /** The saga stream's version after them: events[i] was recorded at version - events.length + 1 + i. */
  version: number;
}

export class SagaRunner<Context> {
  readonly deadlineQueue: string;
  private readonly evolver = { evolve: evolveSaga<Context>, initialState: initialSagaState<Context> };

  constructor(private readonly options: SagaRunnerOptions<Context>) {
    this.deadlineQueue = `saga.${options.definition.name}.deadlines`;
  }

  streamId(sagaId: string): string {
    return `saga-${this.options.definition.name}-${sagaId}`;
  }

  start(tx: Transaction, sagaId: string, context: Context, causedBy?: ReplyRoute): Promise<SagaOutcome<Context>> {
    return this.handle(tx, sagaId, { type: 'Start', sagaId, context }, causedBy);
  }

  /** Applies one input (a reply, a deadline, a cancel, a resume) to a saga, in the caller's transaction. */
  async handle(tx: Transaction, sagaId: string, input: SagaInput<Context>, causedBy?: ReplyRoute): Promise<SagaOutcome<Context>> {
    const { definition, store } = this.options;
    const streamId = this.streamId(sagaId);
    await lockStreams(tx, [streamId]); // replies and deadlines for one saga queue up instead of racing
    // The whole stream, not a snapshot: a saga's is short, and its first event says when it started.
    const history = await store.readStream(streamId, { tx });
    const loaded = {
      state: history.reduce((state, e) => evolveSaga(state, e as SagaEvent<Context>), initialSagaState<Context>()),
      version: history.at(-1)?.streamVersion ?? 0,
    };
    const events = decideSaga(definition, input, loaded.state);
    if (events.length === 0) return { state: loaded.state, events, version: loaded.version };
    await store.appendToStream(streamId, events, { expectedVersion: loaded.version, tx });
    const effects = sagaEffects(definition, loaded.state, events);
    const now = this.options.now?.() ?? new Date();
    for (const command of effects.commands) this.options.validate?.(command);
    await this.options.outbox.enqueue(
      tx,
      effects.commands.map((command) => ({
        topic: command.topic,
        key: sagaId,
        envelope: newEnvelope({
          type: command.type,
          data: command.data,
          correlationId: sagaId,
          causedBy: causedBy && { messageId: causedBy.causationId, traceparent: causedBy.traceparent },
        }),
      })),
    );
    const state = events.reduce(evolveSaga, loaded.state);
    // The deadlines of the steps just started, and the answered one withdrawn: one statement.
    await changeWork(tx, this.deadlineQueue, {
      schedule: effects.deadlines.map((deadline) => {
        const work: DeadlineWork = { sagaId, phase: deadline.phase, step: deadline.step, attempt: deadline.attempt };
        return { itemId: this.deadlineId(work), payload: work, dueAt: new Date(now.getTime() + deadline.dueInMs) };
      }),
      cancel: this.answeredDeadline(sagaId, loaded.state, state),
    });
    this.count(tx, events, history[0]?.createdAt ?? now);
    return { state, events, version: loaded.version + events.length };
  }

  /** Hands the decided events to the metrics after the commit; a saga's end needs when it started. */
  private count(tx: Transaction, events: SagaEvent<Context>[], startedAt: Date): void {
    const { metrics, definition } = this.options;
    if (metrics) tx.afterCommit(() => metrics.record(definition.name, events, startedAt, this.options.now?.() ?? new Date()));
  }

  private deadlineId({ sagaId, phase, step, attempt }: DeadlineWork): string {
    return `${sagaId}:${phase}:${step}:${attempt}`;
  }

  /** The deadline set for what a saga in this state waits for (an attempt of a step, forward or compensating); none when it waits for nothing. */
  private awaitedDeadlineId(sagaId: string, state: SagaState<Context>): string | undefined {
    const phase = awaitedPhase(state);
    return phase && state.step ? this.deadlineId({ sagaId, phase, step: state.step, attempt: state.attempt }) : undefined;
  }

  /**
   * A saga has at most one deadline: the one for what it waits for. Once it waits for something else
   * (or nothing), that deadline was answered and would only fire as a no-op: it is withdrawn by its id.
   * A start or a resume from parked waited for nothing, so has none to withdraw.
   */
  private answeredDeadline(sagaId: string, before: SagaState<Context>, after: SagaState<Context>): string[] {
    const answered = this.awaitedDeadlineId(sagaId, before);
    return answered && answered !== this.awaitedDeadlineId(sagaId, after) ? [answered] : [];
  }

  /** The work-queue handler that turns a due deadline into DeadlinePassed (stale ones change nothing). */
  deadlineHandler(onOutcome?: (tx: Transaction, sagaId: string, outcome: SagaOutcome<Context>) => Promise<void>) {
    return async (item: WorkItem<DeadlineWork>): Promise<WorkOutcome> => ({
      done: async (tx) => {
        const { sagaId, phase, step, attempt } = item.payload;
        const outcome = await this.handle(tx, sagaId, { type: 'DeadlinePassed', phase, step, attempt });
        await onOutcome?.(tx, sagaId, outcome);
      },
    });
  }

  async load(sagaId: string): Promise<SagaState<Context>> {
    return (await loadAggregate(this.options.store, this.streamId(sagaId), this.evolver)).state;
  }
}
