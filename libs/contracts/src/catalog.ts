// The catalogue of the whole order flow: which messages travel on which topic, at which version.
import { MessageCatalog } from './message-catalog';
import { inventoryCommands, paymentCommands, shippingCommands } from './order-flow/commands';
import { inventoryEvents, orderEvents, paymentEvents, shippingEvents } from './order-flow/events';
import { sagaReplies } from './order-flow/replies';
import { Topics } from './topics';

export const orderFlowCatalog = new MessageCatalog()
  .add(Topics.inventoryCommands, ...inventoryCommands)
  .add(Topics.paymentCommands, ...paymentCommands)
  .add(Topics.shippingCommands, ...shippingCommands)
  .add(Topics.sagaReplies, ...sagaReplies)
  .add(Topics.orderEvents, ...orderEvents)
  .add(Topics.inventoryEvents, ...inventoryEvents)
  .add(Topics.paymentEvents, ...paymentEvents)
  .add(Topics.shippingEvents, ...shippingEvents);
