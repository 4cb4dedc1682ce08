// The pure heart of an aggregate: decide(command, state) -> events, evolve(state, event) -> state.
import type { DomainEvent } from './types';

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * A refusal by the domain: a reason a person can read and a code the edges map to an answer
 * (HTTP 404/409/422, or a failure reply to a saga). Deciders throw it; "already done" returns [].
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: 'not-found' | 'conflict' | 'refused',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
