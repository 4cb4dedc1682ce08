// "An aggregate's state and how it got there" — what a participant's GET shows (a payment, a shipment):
// one read of the whole stream, folded into the state and listed as its history.
import type { Decider } from './decider';
import type { EventStore } from './event-store';
import type { DomainEvent } from './types';

export interface HistoryEntry {
  type: string;
  at: string;
  data: unknown;
}

/** The state and the history of a stream; undefined when the stream has no events. */
export async function loadWithHistory<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
): Promise<{ state: State; history: HistoryEntry[] } | undefined> {
  const events = await store.readStream(streamId);
  if (events.length === 0) return undefined;
  const state = events.reduce((current, event) => decider.evolve(current, { type: event.type, data: event.data } as Event), decider.initialState());
  return { state, history: events.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), data: e.data })) };
}
