// Loads an aggregate's state: the latest snapshot (if any) plus the events after it, folded by evolve.
import type { Decider } from './decider';
import type { EventStore } from './event-store';
import type { Transaction } from './transaction';
import { SnapshotStore, type SnapshotPolicy } from './snapshots';
import type { DomainEvent } from './types';

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
  const state = tail.reduce(
    (current, event) => decider.evolve(current, { type: event.type, data: event.data } as Event),
    snapshot?.state ?? decider.initialState(),
  );
  return {
    state,
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
