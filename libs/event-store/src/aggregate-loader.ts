// Loads an aggregate's state: the latest snapshot (if any) plus the events after it, folded by evolve.
import type { Decider } from './decider';
import type { EventStore } from './event-store';
import type { Transaction } from './transaction';
import { SnapshotStore, snapshotIsDue, type SnapshotPolicy } from './snapshots';
import type { DomainEvent, RecordedEvent } from './types';

/** Recorded events folded into a state by the decider's evolve. */
function foldEvents<Event extends DomainEvent, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve'>, events: RecordedEvent[], from: State): State {
  return events.reduce((current, event) => decider.evolve(current, { type: event.type, data: event.data } as Event), from);
}

export interface LoadedAggregate<State> {
  state: State;
  /** The stream version the state reflects (0 = no events). */
  version: number;
  eventsSinceSnapshot: number;
  snapshotTakenAt?: Date;
}

export async function loadAggregate<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  policy?: SnapshotPolicy<State>,
  tx?: Transaction,
): Promise<LoadedAggregate<State>> {
  const snapshot = policy ? await new SnapshotStore(store.pool).load(streamId, policy, tx) : undefined;
  const tail = await store.readStream(streamId, { afterVersion: snapshot?.streamVersion ?? 0, tx });
  return {
    state: foldEvents(decider, tail, snapshot?.state ?? decider.initialState()),
    version: tail.length ? tail[tail.length - 1].streamVersion : (snapshot?.streamVersion ?? 0),
    eventsSinceSnapshot: tail.length,
    snapshotTakenAt: snapshot?.createdAt,
  };
}

/** Takes a snapshot now, whatever the policy's thresholds say (the "on demand" case). */
export async function takeSnapshot<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  policy: SnapshotPolicy<State>,
): Promise<number> {
  const loaded = await loadAggregate(store, streamId, decider, policy);
  if (loaded.version > 0) await new SnapshotStore(store.pool).save(streamId, loaded.version, loaded.state, policy);
  return loaded.version;
}

/**
 * After events were appended to a loaded aggregate: snapshots its new state, in the same transaction,
 * when the policy says one is due (the commands of one aggregate and of several share this).
 */
export async function snapshotIfDue<State>(
  store: EventStore,
  streamId: string,
  before: LoadedAggregate<State>,
  after: { state: State; version: number },
  policy: SnapshotPolicy<State>,
  tx?: Transaction,
  now = new Date(),
): Promise<void> {
  const eventsSinceSnapshot = before.eventsSinceSnapshot + (after.version - before.version);
  if (!snapshotIsDue(policy, eventsSinceSnapshot, before.snapshotTakenAt, now)) return;
  await new SnapshotStore(store.pool).save(streamId, after.version, after.state, policy, tx);
}

/** A stream as a batch loads it: its state, its version, and when it began (its first event's time). */
export interface LoadedStream<State> {
  state: State;
  version: number;
  beganAt?: Date;
}

/** Loads several aggregates in one statement (no snapshots: for short streams); an unknown one is at version 0. */
export async function loadStreams<Event extends DomainEvent, State>(
  store: EventStore,
  streamIds: string[],
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  tx: Transaction,
): Promise<Map<string, LoadedStream<State>>> {
  const histories = await store.readStreams(streamIds, tx);
  return new Map(
    [...histories].map(([streamId, history]) => [
      streamId,
      {
        state: foldEvents(decider, history, decider.initialState()),
        version: history.at(-1)?.streamVersion ?? 0,
        beganAt: history[0]?.createdAt,
      },
    ]),
  );
}
