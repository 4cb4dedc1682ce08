export * from './saga-definition';
export * from './saga';
export * from './saga.decide';
export * from './saga-effects';
export * from './saga-runner';
export * from './saga-metrics';
