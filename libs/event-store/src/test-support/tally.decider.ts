// A tiny aggregate for the store's tests: a tally that can be opened, incremented and closed.
import type { Decider } from '../decider';

export type TallyEvent =
  { type: 'TallyOpened'; data: { name: string } } | { type: 'TallyIncremented'; data: { by: number } } | { type: 'TallyClosed'; data: Record<string, never> };

export type TallyCommand = { type: 'Open'; name: string } | { type: 'Increment'; by: number } | { type: 'Close' };

export interface TallyState {
  status: 'new' | 'open' | 'closed';
  name?: string;
  total: number;
  increments: number;
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ status: 'new', total: 0, increments: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'Open':
        return state.status === 'new' ? [{ type: 'TallyOpened', data: { name: command.name } }] : [];
      case 'Increment':
        if (state.status !== 'open') throw new Error(`cannot increment a ${state.status} tally`);
        return [{ type: 'TallyIncremented', data: { by: command.by } }];
      case 'Close':
        return state.status === 'closed' ? [] : [{ type: 'TallyClosed', data: {} }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TallyOpened':
        return { ...state, status: 'open', name: event.data.name };
      case 'TallyIncremented':
        return { ...state, total: state.total + event.data.by, increments: state.increments + 1 };
      case 'TallyClosed':
        return { ...state, status: 'closed' };
    }
  },
};
