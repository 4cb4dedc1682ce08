import { deciderSpec, type Decider } from './decider-spec';

class DoorRefusal extends Error {
  constructor(
    readonly code: 'closed' | 'locked',
    message: string,
  ) {
    super(message);
  }
}

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
    if (!state.open) throw new DoorRefusal('closed', 'the door is already closed');
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
  it('checks a refusal by its type and a predicate over it', () =>
    spec
      .given([])
      .when({ type: 'Close' })
      .thenThrows(DoorRefusal, (e) => e.code === 'closed'));
  it('fails when the refusal is of another kind, or when nothing is refused', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Close' })
        .thenThrows(DoorRefusal, (e) => e.code === 'locked'),
    ).toThrow(/did not match/);
    expect(() => spec.given([]).when({ type: 'Close' }).thenThrows(TypeError)).toThrow();
    expect(() => spec.given([]).when({ type: 'Open' }).thenThrows(DoorRefusal)).toThrow(/was carried out/);
  });
  it('fails when the events differ (the helper can fail)', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Open' })
        .then([{ type: 'Closed' }]),
    ).toThrow();
  });
});
