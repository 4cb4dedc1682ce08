export * from './breaker-policy';
export * from './call-window';
export * from './breaker';
export * from './errors';
export * from './fallback-chain';
export * from './breaker-metrics';
export * from './last-good-answers';
export * from './json-http-client';
