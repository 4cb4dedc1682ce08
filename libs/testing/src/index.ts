export * from './endpoints';
export * from './infrastructure';
export * from './database';
export * from './kafka';
export * from './decider-spec';
export * from './wait-until';
export * from './http';
export * from './service-test-bed';
