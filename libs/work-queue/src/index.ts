export * from './schema';
export * from './work-item';
export * from './schedule-work';
export * from './work-queue-worker';
