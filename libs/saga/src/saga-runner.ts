// Runs saga definitions durably: each saga is its own event stream, its commands go out through the
// outbox and its deadlines through the work queue — all in the caller's transaction, so a crash at
// any point leaves either everything or nothing, and a restarted service continues from the stream.
import { newEnvelope } from '@eventshop/contracts';
import {
  AggregateBatch,
  emptyStreams,
  loadAggregate,
  loadStreams,
  lockStreams,
  type EventStore,
  type LoadedStream,
  type Transaction,
} from '@eventshop/event-store';
import type { Outbox, ReplyRoute } from '@eventshop/messaging';
import { changeWork, type NewWork, type WorkItem, type WorkOutcome } from '@eventshop/work-queue';
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

/** One input for handleMany: which saga, what happened, and the message that said so (for tracing). */
export interface SagaInputFor<Context> {
  sagaId: string;
  input: SagaInput<Context>;
  causedBy?: ReplyRoute;
}

/** What one input did to a saga: its state before and after the events it decided, and who asked. */
interface SagaStep<Context> {
  sagaId: string;
  before: SagaState<Context>;
  after: SagaState<Context>;
  events: SagaEvent<Context>[];
  causedBy?: ReplyRoute;
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

  /**
   * Starts a saga under an id this transaction made (a new order's): no other transaction can know it
   * before this one commits, so there is nothing to lock or load — its stream is written at version 0,
   * which fails should it exist after all.
   */
  async startNew(tx: Transaction, sagaId: string, context: Context, causedBy?: ReplyRoute): Promise<SagaOutcome<Context>> {
    const sagas = new AggregateBatch(this.evolver.evolve, emptyStreams([this.streamId(sagaId)], this.evolver));
    const [outcome] = await this.decideAndRecord(tx, [{ sagaId, input: { type: 'Start', sagaId, context }, causedBy }], sagas);
    return outcome;
  }

  /** Applies one input (a reply, a deadline, a cancel, a resume) to a saga, in the caller's transaction. */
  async handle(tx: Transaction, sagaId: string, input: SagaInput<Context>, causedBy?: ReplyRoute): Promise<SagaOutcome<Context>> {
    const [outcome] = await this.handleMany(tx, [{ sagaId, input, causedBy }]);
    return outcome;
  }

  /**
   * Applies inputs to their sagas in order, in the caller's transaction — a batch of replies handled
   * together. Whatever the batch's size, the sagas are locked in one statement (sorted, so two batches
   * never wait on each other in a circle), loaded in one, their events appended in one and their
   * deadlines changed in one; a saga named twice sees its first input's events when deciding its second.
   */
  async handleMany(tx: Transaction, inputs: SagaInputFor<Context>[]): Promise<SagaOutcome<Context>[]> {
    const streamIds = inputs.map((i) => this.streamId(i.sagaId));
    await lockStreams(tx, streamIds); // replies and deadlines for one saga queue up instead of racing
    // Whole streams, not snapshots: a saga's is short, and its first event says when it started.
    const sagas = new AggregateBatch(this.evolver.evolve, await loadStreams(this.options.store, streamIds, this.evolver, tx));
    return this.decideAndRecord(tx, inputs, sagas);
  }

  /** Decides each input against its saga as loaded into `sagas`, then records the events, commands and deadlines of them all. */
  private async decideAndRecord(
    tx: Transaction,
    inputs: SagaInputFor<Context>[],
    sagas: AggregateBatch<SagaEvent<Context>, SagaState<Context>, LoadedStream<SagaState<Context>>>,
  ): Promise<SagaOutcome<Context>[]> {
    const { definition, store } = this.options;
    const streamIds = inputs.map((i) => this.streamId(i.sagaId));
    const now = this.options.now?.() ?? new Date();
    const work = { schedule: new Map<string, NewWork>(), cancel: new Set<string>() };
    const outcomes: SagaOutcome<Context>[] = [];
    for (const [i, { sagaId, input, causedBy }] of inputs.entries()) {
      const streamId = streamIds[i];
      const before = sagas.state(streamId);
      const events = decideSaga(definition, input, before);
      const after = sagas.apply(streamId, events);
      if (events.length > 0) {
        await this.effect(tx, { sagaId, before, after: after.state, events, causedBy }, now, work);
        this.count(tx, events, sagas.loaded(streamId).beganAt ?? now);
      }
      outcomes.push({ state: after.state, events, version: after.version });
    }
    await store.appendToStreams(sagas.appends(), tx);
    await changeWork(tx, this.deadlineQueue, { schedule: [...work.schedule.values()], cancel: [...work.cancel] });
    return outcomes;
  }

  /**
   * What newly decided events ask of the world: their commands (checked, then to the outbox) and the
   * deadlines of the steps they started, the answered one withdrawn — gathered for the batch's one
   * statement (a deadline set and answered within the batch is never written).
   */
  private async effect(
    tx: Transaction,
    { sagaId, before, after, events, causedBy }: SagaStep<Context>,
    now: Date,
    work: { schedule: Map<string, NewWork>; cancel: Set<string> },
  ): Promise<void> {
    const effects = sagaEffects(this.options.definition, before, events);
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
    for (const deadline of effects.deadlines) {
      const payload: DeadlineWork = { sagaId, phase: deadline.phase, step: deadline.step, attempt: deadline.attempt };
      const itemId = this.deadlineId(payload);
      work.schedule.set(itemId, { itemId, payload, dueAt: new Date(now.getTime() + deadline.dueInMs) });
    }
    for (const answered of this.answeredDeadline(sagaId, before, after)) {
      if (!work.schedule.delete(answered)) work.cancel.add(answered);
    }
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
