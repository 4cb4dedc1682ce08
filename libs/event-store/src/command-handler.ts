// The application layer's one move, for every aggregate: load (snapshot + tail), decide, append with the
// expected version — plus whatever else must commit with the events (outbox messages) — in one
// transaction. A version conflict means someone else wrote first: retry from a fresh load, bounded.
import type { Decider } from './decider';
import { WrongExpectedVersion } from './errors';
import type { EventStore } from './event-store';
import type { Transaction } from './transaction';
import { AggregateBatch } from './aggregate-batch';
import { emptyStreams, loadAggregate, loadStreams, snapshotIfDue } from './aggregate-loader';
import type { SnapshotPolicy } from './snapshots';
import type { DomainEvent, EventMetadata, RecordedEvent } from './types';

export interface HandleCommandOptions<Command, Event extends DomainEvent, State> {
  streamId: string;
  decider: Decider<Command, Event, State>;
  command: Command;
  metadata?: EventMetadata;
  snapshots?: SnapshotPolicy<State>;
  /** Runs inside the append's transaction, after the events are written (e.g. outbox.enqueue). */
  inTransaction?(tx: Transaction, result: CommandResult<Event, State>): Promise<void>;
  /** Set when the caller already holds a transaction (e.g. an inbox consumer): no retry then. */
  tx?: Transaction;
  maxAttempts?: number;
  now?: () => Date;
}

export interface CommandResult<Event extends DomainEvent, State> {
  /** The events this command produced; empty when the decider found it already done. */
  events: RecordedEvent<Event>[];
  state: State;
  version: number;
}

export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  options: HandleCommandOptions<Command, Event, State>,
): Promise<CommandResult<Event, State>> {
  const maxAttempts = options.tx ? 1 : (options.maxAttempts ?? 10);
  for (let attempt = 1; ; attempt++) {
    try {
      if (options.tx) return await decideAndAppend(store, options, options.tx);
      return await store.transaction((tx) => decideAndAppend(store, options, tx));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= maxAttempts) throw error;
      // Jittered backoff so that racing writers do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}

async function decideAndAppend<Command, Event extends DomainEvent, State>(
  store: EventStore,
  options: HandleCommandOptions<Command, Event, State>,
  tx: Transaction,
): Promise<CommandResult<Event, State>> {
  const { decider, streamId, snapshots } = options;
  const loaded = await loadAggregate(store, streamId, decider, snapshots, tx);
  const newEvents = decider.decide(options.command, loaded.state);
  let result: CommandResult<Event, State> = { events: [], state: loaded.state, version: loaded.version };
  if (newEvents.length > 0) {
    const appended = await store.appendToStream(streamId, newEvents, {
      expectedVersion: loaded.version,
      metadata: options.metadata,
      tx,
    });
    result = {
      events: appended.events as RecordedEvent<Event>[],
      state: newEvents.reduce(decider.evolve, loaded.state),
      version: appended.nextExpectedVersion,
    };
  }
  await options.inTransaction?.(tx, result);
  if (snapshots) await snapshotIfDue(store, streamId, loaded, result, snapshots, { tx, now: options.now?.() });
  return result;
}

/** One command of a batch: the aggregate's stream and what is asked of it. */
export interface StreamCommand<Command> {
  streamId: string;
  command: Command;
}

/** What a command of a batch decided: its new events (none if already done), the state and version after them. */
export interface DecidedCommand<Event extends DomainEvent, State> {
  events: Event[];
  state: State;
  version: number;
}

export interface HandleCommandsOptions {
  /** The streams are named by ids this transaction made: none is read (emptyStreams). */
  newStreams?: boolean;
}

/**
 * Applies commands to their aggregates in order, in the caller's transaction, with one read for every
 * stream and one append for every new event — a batch of messages handled together costs two round
 * trips, not two per command. An aggregate named twice sees its first command's events. The expected
 * versions guard the append: if another writer got there first, the whole batch fails with the
 * caller's transaction. For aggregates without snapshots (short streams; handleCommand takes a policy).
 */
export async function handleCommands<Command, Event extends DomainEvent, State>(
  store: EventStore,
  tx: Transaction,
  decider: Decider<Command, Event, State>,
  commands: StreamCommand<Command>[],
  { newStreams = false }: HandleCommandsOptions = {},
): Promise<DecidedCommand<Event, State>[]> {
  const streamIds = commands.map((c) => c.streamId);
  const batch = new AggregateBatch(decider.evolve, newStreams ? emptyStreams(streamIds, decider) : await loadStreams(store, streamIds, decider, tx));
  const decided = commands.map(({ streamId, command }): DecidedCommand<Event, State> => {
    const events = decider.decide(command, batch.state(streamId));
    return { events, ...batch.apply(streamId, events) };
  });
  await store.appendToStreams(batch.appends(), tx);
  return decided;
}
