export * from './wakeup';
export * from './background-loop';
export * from './registry';
