// The pure heart of an aggregate: decide(command, state) -> events, evolve(state, event) -> state.
import type { DomainEvent } from './types';

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
