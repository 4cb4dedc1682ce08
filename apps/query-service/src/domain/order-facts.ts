// The facts the order views are built from, as the contracts define them: the order's own and its
// saga's (order.events), its payment's (payment.events) and its shipment's (shipping.events).
import type { Facts, MessageOf } from '@eventshop/contracts';

export type OrderFact =
  | MessageOf<typeof Facts.OrderPlaced>
  | MessageOf<typeof Facts.OrderPriced>
  | MessageOf<typeof Facts.OrderCompleted>
  | MessageOf<typeof Facts.OrderCompensated>
  | MessageOf<typeof Facts.OrderCompensationFailed>
  | MessageOf<typeof Facts.OrderSagaProgressed>
  | MessageOf<typeof Facts.PaymentCharged>
  | MessageOf<typeof Facts.PaymentDeclined>
  | MessageOf<typeof Facts.PaymentRefundIssued>
  | MessageOf<typeof Facts.ShipmentBooked>
  | MessageOf<typeof Facts.ShipmentRefused>
  | MessageOf<typeof Facts.ShipmentCancelledByOrder>;

/**
 * A fact as a projection sees it: what it says, when it happened (the envelope's occurredAt), and its
 * place in its topic's partition (its offset) — facts written in one transaction share a millisecond,
 * and their place is what still orders them.
 */
export type TimedOrderFact = OrderFact & { occurredAt: string; position: number };
