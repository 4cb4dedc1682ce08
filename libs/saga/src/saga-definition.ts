// A saga is a definition — data, read top to bottom like the table in ARCHITECTURE.md — and one
// engine runs every definition. Each step names the command it sends, the replies that mean success
// or refusal, its compensation, its deadline and how often a step whose deadline passed is retried.

/** A message the saga sends: which topic, which message type, what data. */
export interface SagaCommand {
  topic: string;
  type: string;
  data: unknown;
}

export interface RetryPolicy {
  /** Attempts in all (the first included) before a silent step counts as failed. */
  maxAttempts: number;
}

export interface SagaStep<Context> {
  name: string;
  /** The command that performs the step. */
  invoke(context: Context): SagaCommand;
  /** Reply types meaning the step was done; `onSuccess` may take data from the reply into the context. */
  succeededOn: string[];
  /** Reply types meaning the participant refused (a business answer): no retry, compensate. */
  failedOn: string[];
  onSuccess?(context: Context, reply: { type: string; data: unknown }): Partial<Context>;
  /** The command that undoes the step; none for a step that needs no undoing. */
  compensate?(context: Context): SagaCommand;
  /** Reply types meaning the compensation was done. */
  compensatedOn?: string[];
  /** Reply types meaning the compensation is impossible (the saga parks for a person to look at). */
  compensationRefusedOn?: string[];
  /**
   * Whether a cancel (e.g. the customer's) is still accepted while this step runs; default true.
   * false once undoing would come too late to be worth it (the goods are on their way).
   */
  cancellable?: boolean;
  /** How long to wait for a reply before the attempt counts as lost. */
  deadlineMs: number;
  retry: RetryPolicy;
  /** Attempts at the compensation before the saga parks as COMPENSATION_FAILED. */
  compensationRetry: RetryPolicy;
}

export interface SagaDefinition<Context> {
  name: string;
  steps: SagaStep<Context>[];
}

/** Builds a definition step by step: defineSaga('order').step({...}).step({...}).build(). */
export function defineSaga<Context>(name: string) {
  const steps: SagaStep<Context>[] = [];
  const builder = {
    step(step: SagaStep<Context>) {
      if (steps.some((s) => s.name === step.name)) throw new Error(`saga ${name} already has a step ${step.name}`);
      if (step.compensate && !step.compensatedOn?.length) throw new Error(`step ${step.name}: a compensation needs compensatedOn replies`);
      steps.push(step);
      return builder;
    },
    build(): SagaDefinition<Context> {
      if (steps.length === 0) throw new Error(`saga ${name} has no steps`);
      return { name, steps: [...steps] };
    },
  };
  return builder;
}
