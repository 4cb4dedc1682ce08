import { deciderSpec, type Decider } from './decider-spec';

type Event = { type: 'Opened' } | { type: 'Closed' };
type Command = { type: 'Open' } | { type: 'Close' };
const door: Decider<Command, Event, { open: boolean }> = {
  initialState: () => ({ open: false }),
  evolve: (_state, event) => ({ open: event.type === 'Opened' }),
  decide: (command, state) => {
    if (command.type === 'Open') {
      if (state.open) return [];
      return [{ type: 'Opened' }];
    }
    if (!state.open) throw new Error('the door is already closed');
    return [{ type: 'Closed' }];
  },
};

describe('deciderSpec', () => {
  const spec = deciderSpec(door);
  it('checks the events a command produces from the given history', () =>
    spec
      .given([])
      .when({ type: 'Open' })
      .then([{ type: 'Opened' }]));
  it('checks a refusal', () => spec.given([]).when({ type: 'Close' }).thenThrows('the door is already closed'));
  it('checks that an already-done command changes nothing', () =>
    spec
      .given([{ type: 'Opened' }])
      .when({ type: 'Open' })
      .thenNothingHappened());
  it('fails when the events differ (the helper can fail)', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Open' })
        .then([{ type: 'Closed' }]),
    ).toThrow();
  });
});
