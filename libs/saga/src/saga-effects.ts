// What the engine must do for newly decided events: the commands to send (through the outbox) and
// the deadlines to set (through the work queue). Pure, so the wiring that performs them stays thin.
import type { SagaCommand, SagaDefinition } from './saga-definition';
import type { SagaEvent, SagaState } from './saga';
import { evolveSaga } from './saga';
import type { DeadlinePhase } from './saga.decide';

export interface SagaEffects {
  commands: SagaCommand[];
  deadlines: { phase: DeadlinePhase; step: string; attempt: number; dueInMs: number }[];
}

export function sagaEffects<Context>(definition: SagaDefinition<Context>, before: SagaState<Context>, events: SagaEvent<Context>[]): SagaEffects {
  const effects: SagaEffects = { commands: [], deadlines: [] };
  let state = before;
  for (const event of events) {
    state = evolveSaga(state, event);
    if (event.type !== 'StepStarted' && event.type !== 'CompensationStarted') continue;
    const step = definition.steps.find((s) => s.name === event.data.step);
    if (!step) throw new Error(`saga ${definition.name} has no step ${event.data.step}`);
    const command = event.type === 'StepStarted' ? step.invoke(state.context) : step.compensate?.(state.context);
    if (command) effects.commands.push(command);
    effects.deadlines.push({
      phase: event.type === 'StepStarted' ? 'forward' : 'compensation',
      step: step.name,
      attempt: event.data.attempt,
      dueInMs: step.deadlineMs,
    });
  }
  return effects;
}
