export * from './logger';
export * from './log-context';
export * from './trace-context';
