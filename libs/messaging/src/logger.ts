// The logger messaging writes to: pino's shape, so a service passes its pino instance straight in.
import pino from 'pino';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function defaultLogger(name: string): Logger {
  return pino({ name, level: process.env['LOG_LEVEL'] ?? 'info' });
}
