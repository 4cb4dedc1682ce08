// One logger configuration for every process: pino, JSON lines, named after the process. Libraries
// take the narrow `Logger` shape, so a service hands its pino instance straight in.
import pino from 'pino';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The process's logger; the level comes from the configuration, else LOG_LEVEL, else info. */
export function createLogger(name: string, level: string = process.env['LOG_LEVEL'] ?? 'info'): pino.Logger {
  return pino({ name, level });
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
