// Facts each service publishes on `<service>.events` (keyed by aggregate id, kept forever) for read
// models and other listeners. They are public contracts: change them only by adding a version + upcaster.
import { z } from 'zod';
import { defineMessage } from '../message-catalog';
import { cents, orderId, orderLine, pricedLine, quantity, reason, shippingAddress, sku } from './values';

// order.events
export const OrderPlaced = defineMessage(
  'OrderPlaced',
  z.object({ orderId, customerId: z.string().min(1), lines: z.array(orderLine).min(1), shippingAddress }),
);
export const OrderCompleted = defineMessage('OrderCompleted', z.object({ orderId, totalCents: cents }));
export const OrderCompensated = defineMessage('OrderCompensated', z.object({ orderId, reason }));
/** The prices captured when the stock was reserved, and the total the payment charges. */
export const OrderPriced = defineMessage('OrderPriced', z.object({ orderId, lines: z.array(pricedLine).min(1), totalCents: cents }));
// The saga's own reasons quote a participant's (up to 500 characters) with words around it.
const sagaReason = z.string().min(1).max(2000);

/** An undo was refused or kept going unanswered: the order waits for an admin's resume. */
export const OrderCompensationFailed = defineMessage('OrderCompensationFailed', z.object({ orderId, reason: sagaReason }));

/** What the order's saga records, in the order it recorded it: the order's timeline can be built from these alone. */
export const sagaProgressKinds = [
  'SagaStarted',
  'StepStarted',
  'StepSucceeded',
  'StepFailed',
  'CompensationStarted',
  'StepCompensated',
  'SagaCompleted',
  'SagaCompensated',
  'SagaParked',
  'SagaResumed',
] as const;
/** One saga event, at its position in the saga's stream (1, 2, …): orders the timeline and makes a copy recognisable. */
const sagaProgress = z.object({
  sequence: z.number().int().positive(),
  kind: z.enum(sagaProgressKinds),
  step: z.string().min(1).max(100).optional(),
  attempt: z.number().int().positive().optional(),
  reason: sagaReason.optional(),
  /** For StepFailed: the step went silent, so it may have happened (and is compensated too). */
  outcomeUnknown: z.boolean().optional(),
});
/**
 * What one transition of the order's saga recorded, in its stream's order (a reply answered is one
 * transition: the step succeeded and the next one started). v1 carried one saga event per fact; v2
 * carries a transition's events together — one message where v1 needed two or three.
 */
export const OrderSagaProgressed = defineMessage('OrderSagaProgressed', z.object({ orderId, progress: z.array(sagaProgress).min(1).max(100) }), [
  (v1) => {
    const { orderId, ...progress } = v1 as { orderId: unknown } & Record<string, unknown>;
    return { orderId, progress: [progress] };
  },
]);

// inventory.events — ProductCreated v1 carried a decimal `price`; v2 carries integer `priceCents`.
export const ProductCreated = defineMessage(
  'ProductCreated',
  z.object({ sku, name: z.string().min(1).max(200), priceCents: cents, quantity: z.number().int().nonnegative() }),
  [
    (v1) => {
      const { price, ...rest } = v1 as { price: number } & Record<string, unknown>;
      return { ...rest, priceCents: Math.round(price * 100) };
    },
  ],
);
export const ProductRestocked = defineMessage('ProductRestocked', z.object({ sku, quantity }));
export const InventoryReserved = defineMessage('InventoryReserved', z.object({ orderId, lines: z.array(pricedLine) }));
export const InventoryReleased = defineMessage('InventoryReleased', z.object({ orderId, lines: z.array(orderLine) }));
export const InventoryCommitted = defineMessage('InventoryCommitted', z.object({ orderId, lines: z.array(orderLine) }));

// payment.events
export const PaymentCharged = defineMessage(
  'PaymentCharged',
  z.object({ orderId, amountCents: cents, provider: z.string().min(1), providerReference: z.string().min(1) }),
);
export const PaymentDeclined = defineMessage('PaymentDeclined', z.object({ orderId, amountCents: cents, reason }));
export const PaymentRefundIssued = defineMessage('PaymentRefundIssued', z.object({ orderId, amountCents: cents }));

// shipping.events
export const ShipmentBooked = defineMessage('ShipmentBooked', z.object({ orderId, trackingId: z.string().min(1), address: shippingAddress }));
export const ShipmentRefused = defineMessage('ShipmentRefused', z.object({ orderId, reason }));
export const ShipmentCancelledByOrder = defineMessage('ShipmentCancelledByOrder', z.object({ orderId, reason }));

export const orderEvents = [OrderPlaced, OrderPriced, OrderCompleted, OrderCompensated, OrderCompensationFailed, OrderSagaProgressed];
export const inventoryEvents = [ProductCreated, ProductRestocked, InventoryReserved, InventoryReleased, InventoryCommitted];
export const paymentEvents = [PaymentCharged, PaymentDeclined, PaymentRefundIssued];
export const shippingEvents = [ShipmentBooked, ShipmentRefused, ShipmentCancelledByOrder];
