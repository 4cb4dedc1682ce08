// Injection tokens for what the shipping use cases are given (values and ports, not classes).
export const SHIPPING_CONFIG = Symbol('SHIPPING_CONFIG');
export const SHIPPING_TOPICS = Symbol('SHIPPING_TOPICS');
/** The Carrier port, behind its breaker. */
export const CARRIER = Symbol('CARRIER');
