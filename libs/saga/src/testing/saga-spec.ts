// Test support for saga definitions (import from @eventshop/saga/testing in specs; it uses Jest's expect).
// given/when/then for saga definitions, with no database and no broker: given the saga's events so
// far, when an input arrives (a reply, a passed deadline, a cancel, a resume), then these events and
// these effects (the commands sent, the deadlines set) — or a refusal, or nothing at all.
//   spec.given([...started, reserved]).when(reply(PaymentProcessed)).then({ events, commands })
import { DomainError } from '@eventshop/event-store';
import type { SagaDefinition } from '../saga-definition';
import { evolveSaga, initialSagaState, type SagaEvent } from '../saga';
import { decideSaga, type SagaInput } from '../saga.decide';
import { sagaEffects, type SagaEffects } from '../saga-effects';

export interface SagaOutcomeExpectation<Context> {
  /** The events decided, exactly. */
  events?: SagaEvent<Context>[];
  /** The commands sent, exactly (topic, type, data). */
  commands?: SagaEffects['commands'];
  /** The deadlines set, exactly. */
  deadlines?: SagaEffects['deadlines'];
}

export function sagaSpec<Context>(definition: SagaDefinition<Context>) {
  return {
    given(history: SagaEvent<Context>[]) {
      const state = history.reduce(evolveSaga<Context>, initialSagaState<Context>());
      return {
        when(input: SagaInput<Context>) {
          const decide = () => decideSaga(definition, input, state);
          return {
            then(expected: SagaOutcomeExpectation<Context>) {
              const events = decide();
              const effects = sagaEffects(definition, state, events);
              if (expected.events) expect(events).toEqual(expected.events);
              if (expected.commands) expect(effects.commands).toEqual(expected.commands);
              if (expected.deadlines) expect(effects.deadlines).toEqual(expected.deadlines);
            },
            /** Refused under the saga's lock (a DomainError 'conflict') with a reason matching `reason`. */
            thenRefused(reason: RegExp) {
              expect(decide).toThrow(DomainError);
              expect(decide).toThrow(reason);
            },
            thenNothingHappened() {
              expect(decide()).toEqual([]);
            },
          };
        },
      };
    },
  };
}
