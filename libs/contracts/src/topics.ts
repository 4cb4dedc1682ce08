// Topic names are contracts: every producer and consumer takes them from here.
export const Topics = {
  orderEvents: 'order.events',
  inventoryEvents: 'inventory.events',
  paymentEvents: 'payment.events',
  shippingEvents: 'shipping.events',
  inventoryCommands: 'inventory.commands',
  paymentCommands: 'payment.commands',
  shippingCommands: 'shipping.commands',
  sagaReplies: 'order.saga-replies',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const DLQ_SUFFIX = '.dlq';

/** The dead-letter topic of a topic: `<topic>.dlq`. */
export function dlqTopicOf(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith(DLQ_SUFFIX);
}
