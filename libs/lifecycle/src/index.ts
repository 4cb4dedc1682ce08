export * from './wakeup';
export * from './background-loop';
export * from './registry';
export * from './concurrency-limit';
