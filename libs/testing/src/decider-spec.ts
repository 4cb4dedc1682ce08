// given/when/then for deciders, so every aggregate test in every service reads the same way:
//   spec.given([opened]).when(confirm).then([confirmed])
//   spec.given([confirmed]).when(confirm).thenNothingHappened()          -- "already done" is no error
//   spec.given([]).when(confirm).thenThrows(DomainError, (e) => e.code === 'not-found')
//   spec.given([]).when(confirm).thenThrows(/no cart/)                    -- by message
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
            /** Refused with an error of this type that satisfies `matches`, or whose message matches. */
            thenThrows<E extends Error>(expected: string | RegExp | (new (...args: never[]) => E), matches?: (error: E) => boolean) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              if (thrown === undefined) throw new Error('expected the command to be refused, but it was carried out');
              if (typeof expected === 'function') {
                expect(thrown).toBeInstanceOf(expected);
                if (matches && !matches(thrown as E)) throw new Error(`the refusal did not match: ${String(thrown)}`);
              } else {
                expect((thrown as Error).message).toMatch(expected);
              }
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
