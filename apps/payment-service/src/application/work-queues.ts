// The payment service's work queues: calls to the providers, made outside any transaction.
export const WorkQueues = { charges: 'payment.charges', refunds: 'payment.refunds' } as const;
