// What every log line written while handling one thing says about it: the order it is about
// (correlationId), the message or the work item being handled — kept for the duration of an HTTP request or
// a message's handling in AsyncLocalStorage, so no function has to pass them down to a logger.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  correlationId?: string;
  messageId?: string;
  /** A work-queue item (<queue>/<item id>): a call to the outside world. */
  workItem?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields on every log line it writes (nested calls add to the outer fields). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** The fields of the work running now. */
export const currentLogContext = (): LogContext => storage.getStore() ?? {};
