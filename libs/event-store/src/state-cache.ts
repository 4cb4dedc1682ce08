// The state of hot aggregates as this process last loaded them, so that the next load reads only the
// events after it — not a snapshot and the up to a snapshot interval of events behind it. A product
// that every order touches was loaded by two round trips and ~50 events per command; with its state
// cached, by one shared round trip and the few events since.
//
// Correct with any number of writers, in this process or others: a load still reads the stream in the
// caller's transaction, from the cached version on. That read includes the event the cached state ended
// at, and the entry is used only if it is the same event (its position and transaction): a stream that
// was rewritten (a database restored or reset) is loaded from its snapshot again. Only what a load read
// is cached — committed events, never the caller's own appends, which may yet roll back.
import type { LoadedAggregate } from './aggregate-loader';

export interface CachedState<State> {
  /** Frozen: a state is shared by every load that starts from it, so an evolve must not change it in place. */
  state: State;
  version: number;
  /** The event at `version`, which the next load checks it reads again. */
  last: { globalPosition: bigint; txId: bigint };
  /** The newest snapshot's version and time as this process knows them: when the next is due. */
  snapshotVersion: number;
  snapshotTakenAt?: Date;
}

export class StateCache<State> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, CachedState<State>>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): CachedState<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  /** Remembers a loaded aggregate whose last event is `last`; evicts the least recently used beyond capacity. */
  remember(streamId: string, loaded: LoadedAggregate<State>, last: CachedState<State>['last']): void {
    const state = typeof loaded.state === 'object' && loaded.state !== null ? Object.freeze(loaded.state) : loaded.state;
    this.entries.delete(streamId);
    this.entries.set(streamId, {
      state,
      version: loaded.version,
      last,
      snapshotVersion: loaded.version - loaded.eventsSinceSnapshot,
      snapshotTakenAt: loaded.snapshotTakenAt,
    });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** A snapshot at `version` was committed: the next is due counting from there. */
  snapshotTaken(streamId: string, version: number, at: Date): void {
    const entry = this.entries.get(streamId);
    if (entry && entry.snapshotVersion < version) Object.assign(entry, { snapshotVersion: version, snapshotTakenAt: at });
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
