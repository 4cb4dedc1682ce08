export * from './stack';
export * from './shop-client';
export * from './invariants';
