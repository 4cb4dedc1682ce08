// Loads an aggregate's state: the latest snapshot (if any) plus the events after it, folded by evolve.
import type { Decider } from './decider';
import type { EventStore } from './event-store';
import type { Transaction } from './transaction';
import { SnapshotStore, snapshotIsDue, type Snapshot, type SnapshotPolicy } from './snapshots';
import type { CachedState, StateCache } from './state-cache';
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

export interface SnapshotIfDueOptions<State> {
  tx?: Transaction;
  now?: Date;
  /** Told once the snapshot commits, so that its cached state counts the next one from there. */
  cache?: StateCache<State>;
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
  { tx, now = new Date(), cache }: SnapshotIfDueOptions<State> = {},
): Promise<void> {
  const eventsSinceSnapshot = before.eventsSinceSnapshot + (after.version - before.version);
  if (!snapshotIsDue(policy, eventsSinceSnapshot, before.snapshotTakenAt, now)) return;
  await new SnapshotStore(store.pool).save(streamId, after.version, after.state, policy, tx);
  if (!cache) return;
  if (tx) tx.afterCommit(() => cache.snapshotTaken(streamId, after.version, now));
  else cache.snapshotTaken(streamId, after.version, now);
}

export interface LoadAggregatesOptions<State> {
  snapshots?: SnapshotPolicy<State>;
  /** States this process loaded before: a stream cached there is read from its cached version on, not from its snapshot. */
  cache?: StateCache<State>;
  tx?: Transaction;
}

/** Where a stream's load starts: a cached state, a snapshot, or nothing (version 0). */
interface LoadStart<State> {
  state: State;
  version: number;
  snapshotVersion: number;
  snapshotTakenAt?: Date;
  cached?: CachedState<State>;
}

/**
 * Loads several aggregates, each from its cached state or its snapshot plus the events after it, in
 * two statements at most: the snapshots of the streams not cached, then every stream's events from
 * where it starts. Each loaded state is cached for the next load. An unknown stream is at version 0.
 */
export async function loadAggregates<Event extends DomainEvent, State>(
  store: EventStore,
  streamIds: string[],
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  { snapshots, cache, tx }: LoadAggregatesOptions<State> = {},
): Promise<Map<string, LoadedAggregate<State>>> {
  const ids = [...new Set(streamIds)];
  const starts = new Map<string, LoadStart<State>>();
  for (const id of ids) {
    const cached = cache?.get(id);
    if (cached) starts.set(id, { ...cached, cached });
  }
  const uncached = ids.filter((id) => !starts.has(id));
  const found = snapshots ? await new SnapshotStore(store.pool).loadMany(uncached, snapshots, tx) : new Map<string, Snapshot<State>>();
  for (const id of uncached) {
    const snapshot = found.get(id);
    starts.set(
      id,
      snapshot
        ? { state: snapshot.state, version: snapshot.streamVersion, snapshotVersion: snapshot.streamVersion, snapshotTakenAt: snapshot.createdAt }
        : { state: decider.initialState(), version: 0, snapshotVersion: 0 },
    );
  }
  const histories = await store.readStreamsFrom(
    ids.map((id) => ({ streamId: id, fromVersion: starts.get(id)?.version ?? 0 })),
    tx,
  );
  const loaded = new Map<string, LoadedAggregate<State>>();
  const stale: string[] = [];
  for (const id of ids) {
    const start = starts.get(id) as LoadStart<State>;
    const history = histories.get(id) ?? [];
    // The start's own event is read again: a cached state is used only if it ended at that very event.
    const startEvent = start.version > 0 && history[0]?.streamVersion === start.version ? history[0] : undefined;
    if (start.cached && !(startEvent?.globalPosition === start.cached.last.globalPosition && startEvent.txId === start.cached.last.txId)) {
      cache?.forget(id);
      stale.push(id);
      continue;
    }
    const tail = startEvent ? history.slice(1) : history;
    const version = tail.at(-1)?.streamVersion ?? start.version;
    const aggregate: LoadedAggregate<State> = {
      state: foldEvents(decider, tail, start.state),
      version,
      eventsSinceSnapshot: version - start.snapshotVersion,
      snapshotTakenAt: start.snapshotTakenAt,
    };
    loaded.set(id, aggregate);
    const last = tail.at(-1) ?? startEvent;
    if (cache && last) cache.remember(id, aggregate, { globalPosition: last.globalPosition, txId: last.txId });
  }
  // A stream rewritten since it was cached (forgotten above): from its snapshot, as if never cached.
  if (stale.length > 0) for (const [id, aggregate] of await loadAggregates(store, stale, decider, { snapshots, cache, tx })) loaded.set(id, aggregate);
  return loaded;
}

/** A stream as a batch loads it: its state, its version, and when it began (its first event's time). */
export interface LoadedStream<State> {
  state: State;
  version: number;
  beganAt?: Date;
}

/**
 * Streams named by ids the caller's transaction made (a new order's fresh id): no other transaction can
 * know them before it commits, so none is read — each is empty, at version 0, and an append at version
 * 0 fails should one exist after all.
 */
export function emptyStreams<Event extends DomainEvent, State>(
  streamIds: string[],
  decider: Pick<Decider<unknown, Event, State>, 'initialState'>,
): Map<string, LoadedStream<State>> {
  return new Map(streamIds.map((id) => [id, { state: decider.initialState(), version: 0 }]));
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
