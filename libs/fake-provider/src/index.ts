export * from './fault-plan';
export * from './json-server';
