export * from './fault-plan';
export * from './json-server';
export * from './fake-psp';
export * from './fake-carrier';
export * from './fake-provider-config';
export * from './run-fake-provider';
