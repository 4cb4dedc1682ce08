// Saga replies: participants answer on `order.saga-replies`, keyed by order id. A reply names the outcome.
import { z } from 'zod';
import { defineMessage } from '../message-catalog';
import { cents, orderId, pricedLine, reason, sku } from './values';

export const StockReserved = defineMessage('StockReserved', z.object({ orderId, lines: z.array(pricedLine).min(1), totalCents: cents }));
export const StockReservationFailed = defineMessage('StockReservationFailed', z.object({ orderId, reason, sku: sku.optional() }));
export const StockReleased = defineMessage('StockReleased', z.object({ orderId }));
export const StockCommitted = defineMessage('StockCommitted', z.object({ orderId }));

export const PaymentProcessed = defineMessage('PaymentProcessed', z.object({ orderId, amountCents: cents, providerReference: z.string().min(1) }));
export const PaymentFailed = defineMessage('PaymentFailed', z.object({ orderId, reason }));
export const PaymentRefunded = defineMessage('PaymentRefunded', z.object({ orderId, amountCents: cents }));

export const ShippingRequested = defineMessage('ShippingRequested', z.object({ orderId, trackingId: z.string().min(1) }));
export const ShippingFailed = defineMessage('ShippingFailed', z.object({ orderId, reason }));
export const ShipmentCancelled = defineMessage('ShipmentCancelled', z.object({ orderId }));
export const ShipmentCancellationRefused = defineMessage('ShipmentCancellationRefused', z.object({ orderId, reason }));

export const sagaReplies = [
  StockReserved,
  StockReservationFailed,
  StockReleased,
  StockCommitted,
  PaymentProcessed,
  PaymentFailed,
  PaymentRefunded,
  ShippingRequested,
  ShippingFailed,
  ShipmentCancelled,
  ShipmentCancellationRefused,
];
