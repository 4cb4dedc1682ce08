// The shipping service's work queues: calls to the carrier, made outside any transaction.
export const WorkQueues = { bookings: 'shipping.bookings', cancellations: 'shipping.cancellations' } as const;
