// A saga instance as events: where it is (which step, which attempt), what it learnt on the way
// (the context), and how it ended. Folding its events gives its state; nothing else is stored.
export type SagaEvent<Context = unknown> =
  | { type: 'SagaStarted'; data: { sagaId: string; context: Context } }
  | { type: 'StepStarted'; data: { step: string; attempt: number } }
  | { type: 'StepSucceeded'; data: { step: string; contextPatch: Partial<Context> } }
  | { type: 'StepFailed'; data: { step: string; reason: string; outcomeUnknown: boolean } }
  | { type: 'CompensationStarted'; data: { step: string; attempt: number } }
  | { type: 'StepCompensated'; data: { step: string } }
  | { type: 'SagaCompleted'; data: Record<string, never> }
  | { type: 'SagaCompensated'; data: { reason: string } }
  | { type: 'SagaParked'; data: { step: string; reason: string } }
  | { type: 'SagaResumed'; data: Record<string, never> };

export type SagaStatus = 'new' | 'running' | 'compensating' | 'completed' | 'compensated' | 'compensation-failed';

export interface SagaState<Context = unknown> {
  status: SagaStatus;
  sagaId?: string;
  context: Context;
  /** The step running (forward) or being compensated. */
  step?: string;
  attempt: number;
  /** Steps to compensate, most recent last. */
  toCompensate: string[];
  failureReason?: string;
}

export const initialSagaState = <Context>(): SagaState<Context> => ({ status: 'new', context: {} as Context, attempt: 0, toCompensate: [] });

export function evolveSaga<Context>(state: SagaState<Context>, event: SagaEvent<Context>): SagaState<Context> {
  switch (event.type) {
    case 'SagaStarted':
      return { ...state, status: 'running', sagaId: event.data.sagaId, context: event.data.context };
    case 'StepStarted':
      return { ...state, step: event.data.step, attempt: event.data.attempt };
    case 'StepSucceeded':
      return { ...state, context: { ...state.context, ...event.data.contextPatch }, toCompensate: [...state.toCompensate, event.data.step] };
    case 'StepFailed':
      return {
        ...state,
        status: 'compensating',
        failureReason: event.data.reason,
        // A step that went silent may have happened: compensate it too (participants make that safe).
        toCompensate: event.data.outcomeUnknown ? [...state.toCompensate, event.data.step] : state.toCompensate,
      };
    case 'CompensationStarted':
      return { ...state, status: 'compensating', step: event.data.step, attempt: event.data.attempt };
    case 'StepCompensated':
      return { ...state, toCompensate: state.toCompensate.filter((s) => s !== event.data.step) };
    case 'SagaCompleted':
      return { ...state, status: 'completed', step: undefined };
    case 'SagaCompensated':
      return { ...state, status: 'compensated', step: undefined, failureReason: event.data.reason };
    case 'SagaParked':
      return { ...state, status: 'compensation-failed', failureReason: event.data.reason };
    case 'SagaResumed':
      return { ...state, status: 'compensating' };
  }
}
