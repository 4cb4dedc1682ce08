// One logger configuration for every process: pino, JSON lines, named after the process. Every line
// written while an HTTP request or a message is handled carries its correlationId (the order),
// messageId and traceId (log-context.ts, trace-context.ts). Libraries take the narrow `Logger` shape,
// so a service hands its pino instance straight in.
import pino from 'pino';
import { currentLogContext } from './log-context';
import { currentTraceId } from './trace-context';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The fields of the work running now, on every line. */
function contextFields(): Record<string, string> {
  const traceId = currentTraceId();
  return { ...currentLogContext(), ...(traceId ? { traceId } : {}) };
}

/** The process's logger; the level comes from the configuration, else LOG_LEVEL, else info. Lines go to stdout unless told. */
export function createLogger(name: string, level: string = process.env['LOG_LEVEL'] ?? 'info', destination?: pino.DestinationStream): pino.Logger {
  return destination ? pino({ name, level, mixin: contextFields }, destination) : pino({ name, level, mixin: contextFields });
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
