// Where dead letters pile up: how many messages each dead-letter topic of this deployment holds.
import type { QueryApi } from '@eventshop/contracts';

export interface DeadLetters {
  /** Every dead-letter topic, named without the deployment's topic prefix, with its message count now. */
  depths(): Promise<QueryApi.DeadLettersAnswer['topics']>;
}
