// Injection tokens for what the payment use cases are given (values and ports, not classes).
export const PAYMENT_CONFIG = Symbol('PAYMENT_CONFIG');
export const PAYMENT_TOPICS = Symbol('PAYMENT_TOPICS');
/** The configured PaymentProviders, primary first, each behind its breaker. */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');
