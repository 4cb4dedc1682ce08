export * from './envelope';
export * from './topics';
export * from './upcasting';
export * from './message-catalog';
export * from './catalog';
export * from './order-flow/values';
export * as Commands from './order-flow/commands';
export * as Replies from './order-flow/replies';
export * as Facts from './order-flow/events';
