// Injection tokens for what the order use cases are given (values and ports, not classes).
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');
/** The OrderContext: event store, outbox, the order saga's runner and where the order's facts go. */
export const ORDER_CONTEXT = Symbol('ORDER_CONTEXT');
export const IDEMPOTENCY_KEYS = Symbol('IDEMPOTENCY_KEYS');
