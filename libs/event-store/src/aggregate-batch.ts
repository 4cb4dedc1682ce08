// The aggregates a batch of commands works on: each loaded once, moved on in memory by each decision
// in turn — a later command sees an earlier one's events — and all of their new events appended at the
// end, each stream expected at the version it was loaded at (appendToStreams: one statement).
import type { StreamAppend } from './event-store';
import type { DomainEvent } from './types';

/** What a loader says of an aggregate: its state and version, and whatever else it knows (when it began, its snapshot). */
export interface Loaded<State> {
  state: State;
  version: number;
}

interface InBatch<Event, State, L> {
  loaded: L;
  state: State;
  newEvents: Event[];
}

export class AggregateBatch<Event extends DomainEvent, State, L extends Loaded<State> = Loaded<State>> {
  private readonly aggregates = new Map<string, InBatch<Event, State, L>>();

  constructor(
    private readonly evolve: (state: State, event: Event) => State,
    loaded: Iterable<[string, L]> = [],
  ) {
    for (const [streamId, aggregate] of loaded) this.add(streamId, aggregate);
  }

  add(streamId: string, loaded: L): void {
    this.aggregates.set(streamId, { loaded, state: loaded.state, newEvents: [] });
  }

  /** The aggregate as it was loaded, before the batch's decisions. */
  loaded(streamId: string): L {
    return this.get(streamId).loaded;
  }

  /** Its state after the batch's decisions so far. */
  state(streamId: string): State {
    return this.get(streamId).state;
  }

  version(streamId: string): number {
    const aggregate = this.get(streamId);
    return aggregate.loaded.version + aggregate.newEvents.length;
  }

  /** Moves the aggregate on by a decision's events; its state and version after them. */
  apply(streamId: string, events: Event[]): { state: State; version: number } {
    const aggregate = this.get(streamId);
    aggregate.state = events.reduce(this.evolve, aggregate.state);
    aggregate.newEvents.push(...events);
    return { state: aggregate.state, version: this.version(streamId) };
  }

  /** The streams the batch's decisions changed. */
  changed(): string[] {
    return [...this.aggregates].filter(([, a]) => a.newEvents.length > 0).map(([streamId]) => streamId);
  }

  /** Every changed stream's new events, expected at the version it was loaded at. */
  appends(): StreamAppend[] {
    return this.changed().map((streamId) => ({ streamId, events: this.get(streamId).newEvents, expectedVersion: this.loaded(streamId).version }));
  }

  private get(streamId: string): InBatch<Event, State, L> {
    const aggregate = this.aggregates.get(streamId);
    if (!aggregate) throw new Error(`stream ${streamId} was not loaded into the batch`);
    return aggregate;
  }
}
