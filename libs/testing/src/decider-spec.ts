// given/when/then for deciders, so every aggregate test in every service reads the same way:
//   spec.given([opened]).when(confirm).then([confirmed]) / .thenThrows(matcher) / .thenNothingHappened()
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(expected?: string | RegExp | jest.Constructable | Error) {
              expect(run).toThrow(expected);
            },
            thenNothingHappened() {
              expect(run()).toEqual([]);
            },
          };
        },
      };
    },
  };
}
