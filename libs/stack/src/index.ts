export * from './stack';
export * from './shop-client';
export * from './invariants';
export { startProcess, freePort, type ServiceProcess } from './service-process';
