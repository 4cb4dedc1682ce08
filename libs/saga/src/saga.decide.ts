// The saga engine's decisions, pure: given a definition, what happened so far and what just came in
// (a reply, a passed deadline, a cancel, an admin's resume), which events follow. Replies that arrive
// late, twice, or for a step the saga is not waiting on change nothing. A cancel the saga can no longer
// accept is refused (DomainError 'conflict') with the reason, decided under the saga's lock.
import { DomainError } from '@eventshop/event-store';
import type { SagaDefinition, SagaStep } from './saga-definition';
import { evolveSaga, type SagaEvent, type SagaState } from './saga';

export type SagaInput<Context> =
  | { type: 'Start'; sagaId: string; context: Context }
  | { type: 'Reply'; replyType: string; data: unknown }
  | { type: 'DeadlinePassed'; phase: DeadlinePhase; step: string; attempt: number }
  | { type: 'Cancel'; reason: string }
  | { type: 'Resume' };

/** Whether a deadline is for a step's action or for its compensation (the same step has both). */
export type DeadlinePhase = 'forward' | 'compensation';

/** The phase whose reply the saga is waiting for, if any. */
export function awaitedPhase(state: SagaState<unknown>): DeadlinePhase | undefined {
  if (state.status === 'running') return 'forward';
  if (state.status === 'compensating') return 'compensation';
  return undefined;
}

export function decideSaga<Context>(definition: SagaDefinition<Context>, input: SagaInput<Context>, state: SagaState<Context>): SagaEvent<Context>[] {
  switch (input.type) {
    case 'Start':
      if (state.status !== 'new') return [];
      return [
        { type: 'SagaStarted', data: { sagaId: input.sagaId, context: input.context } },
        { type: 'StepStarted', data: { step: definition.steps[0].name, attempt: 1 } },
      ];
    case 'Reply':
      if (state.status === 'running') return onForwardReply(definition, input, state);
      if (state.status === 'compensating') return onCompensationReply(definition, input, state);
      return [];
    case 'DeadlinePassed':
      if (input.phase !== awaitedPhase(state) || input.step !== state.step || input.attempt !== state.attempt) return []; // answered already
      return input.phase === 'forward' ? onForwardDeadline(definition, state) : onCompensationDeadline(definition, state);
    case 'Cancel': {
      if (state.status !== 'running' || !state.step) throw new DomainError('conflict', `the saga can no longer be cancelled: it is ${state.status}`);
      const step = stepNamed(definition, state.step);
      if (step.cancellable === false) throw new DomainError('conflict', `the saga can no longer be cancelled: it is at ${step.name}`);
      // The current step's command is out: it may have been carried out, so it is compensated too.
      return failAndCompensate(definition, state, { step: step.name, reason: input.reason, outcomeUnknown: true });
    }
    case 'Resume':
      if (state.status !== 'compensation-failed' || !state.step) return [];
      return [
        { type: 'SagaResumed', data: {} },
        { type: 'CompensationStarted', data: { step: state.step, attempt: 1 } },
      ];
  }
}

function onForwardReply<Context>(
  definition: SagaDefinition<Context>,
  reply: { replyType: string; data: unknown },
  state: SagaState<Context>,
): SagaEvent<Context>[] {
  const step = stepNamed(definition, state.step);
  if (step.succeededOn.includes(reply.replyType)) {
    const contextPatch = step.onSuccess?.(state.context, { type: reply.replyType, data: reply.data }) ?? {};
    const succeeded: SagaEvent<Context> = { type: 'StepSucceeded', data: { step: step.name, contextPatch } };
    const next = definition.steps[definition.steps.indexOf(step) + 1];
    return [succeeded, next ? { type: 'StepStarted', data: { step: next.name, attempt: 1 } } : { type: 'SagaCompleted', data: {} }];
  }
  if (step.failedOn.includes(reply.replyType)) {
    const reason = (reply.data as { reason?: string } | undefined)?.reason ?? reply.replyType;
    return failAndCompensate(definition, state, { step: step.name, reason, outcomeUnknown: false });
  }
  return [];
}

function onForwardDeadline<Context>(definition: SagaDefinition<Context>, state: SagaState<Context>): SagaEvent<Context>[] {
  const step = stepNamed(definition, state.step);
  if (state.attempt < step.retry.maxAttempts) return [{ type: 'StepStarted', data: { step: step.name, attempt: state.attempt + 1 } }];
  const reason = `no answer to ${step.name} after ${state.attempt} attempt(s)`;
  return failAndCompensate(definition, state, { step: step.name, reason, outcomeUnknown: true });
}

function onCompensationReply<Context>(
  definition: SagaDefinition<Context>,
  reply: { replyType: string; data: unknown },
  state: SagaState<Context>,
): SagaEvent<Context>[] {
  const step = stepNamed(definition, state.step);
  if (step.compensatedOn?.includes(reply.replyType)) {
    const compensated: SagaEvent<Context> = { type: 'StepCompensated', data: { step: step.name } };
    return [compensated, ...nextCompensation(definition, evolveSaga(state, compensated))];
  }
  if (step.compensationRefusedOn?.includes(reply.replyType)) {
    const why = (reply.data as { reason?: string } | undefined)?.reason ?? reply.replyType;
    return [{ type: 'SagaParked', data: { step: step.name, reason: `${step.name} cannot be undone: ${why}` } }];
  }
  return [];
}

function onCompensationDeadline<Context>(definition: SagaDefinition<Context>, state: SagaState<Context>): SagaEvent<Context>[] {
  const step = stepNamed(definition, state.step);
  if (state.attempt < step.compensationRetry.maxAttempts) return [{ type: 'CompensationStarted', data: { step: step.name, attempt: state.attempt + 1 } }];
  return [{ type: 'SagaParked', data: { step: step.name, reason: `compensating ${step.name} got no answer after ${state.attempt} attempt(s)` } }];
}

function failAndCompensate<Context>(
  definition: SagaDefinition<Context>,
  state: SagaState<Context>,
  failure: { step: string; reason: string; outcomeUnknown: boolean },
): SagaEvent<Context>[] {
  const failed: SagaEvent<Context> = { type: 'StepFailed', data: failure };
  return [failed, ...nextCompensation(definition, evolveSaga(state, failed))];
}

/** Starts undoing the most recent step still to compensate; steps with nothing to undo are passed. */
function nextCompensation<Context>(definition: SagaDefinition<Context>, state: SagaState<Context>): SagaEvent<Context>[] {
  const events: SagaEvent<Context>[] = [];
  for (const name of [...state.toCompensate].reverse()) {
    const step = stepNamed(definition, name);
    if (step.compensate) return [...events, { type: 'CompensationStarted', data: { step: name, attempt: 1 } }];
    events.push({ type: 'StepCompensated', data: { step: name } });
  }
  return [...events, { type: 'SagaCompensated', data: { reason: state.failureReason ?? 'compensated' } }];
}

function stepNamed<Context>(definition: SagaDefinition<Context>, name: string | undefined): SagaStep<Context> {
  const step = definition.steps.find((s) => s.name === name);
  if (!step) throw new Error(`saga ${definition.name} has no step ${name}`);
  return step;
}
