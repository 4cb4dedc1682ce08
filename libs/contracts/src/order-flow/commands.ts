// Saga commands: the order saga sends these to a participant's `<service>.commands` topic.
import { z } from 'zod';
import { defineMessage } from '../message-catalog';
import { cents, orderId, orderLine, pricedLine, shippingAddress, reason } from './values';

export const ReserveStock = defineMessage('ReserveStock', z.object({ orderId, lines: z.array(orderLine).min(1).max(100) }));
export const ReleaseStock = defineMessage('ReleaseStock', z.object({ orderId, reason }));
export const CommitStock = defineMessage('CommitStock', z.object({ orderId }));

export const ProcessPayment = defineMessage(
  'ProcessPayment',
  z.object({ orderId, customerId: z.string().min(1), amountCents: cents, paymentToken: z.string().min(1) }),
);
export const RefundPayment = defineMessage('RefundPayment', z.object({ orderId, reason }));

export const RequestShipping = defineMessage('RequestShipping', z.object({ orderId, address: shippingAddress, lines: z.array(pricedLine).min(1) }));
export const CancelShipment = defineMessage('CancelShipment', z.object({ orderId, reason }));

export const inventoryCommands = [ReserveStock, ReleaseStock, CommitStock];
export const paymentCommands = [ProcessPayment, RefundPayment];
export const shippingCommands = [RequestShipping, CancelShipment];
