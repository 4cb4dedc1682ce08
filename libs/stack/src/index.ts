export * from './stack';
export * from './shop-client';
export * from './gateway-client';
export * from './invariants';
export { repoRoot, startProcess, type ServiceProcess } from './service-process';
export * from './stack-probes';
