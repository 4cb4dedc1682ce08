// One answer about an order from three upstreams (BFF composition), each part saying where it came
// from: live; the last good answer when its upstream fails (stale, with its age); or a default for a
// part the answer can do without. The order itself is the critical part: no order, no answer.

/** Where a part of a composed answer came from. */
export type Part<T> =
  { source: 'live'; value: T } | { source: 'cache'; value: T; stale: true; ageMs: number; because: string } | { source: 'default'; value: T; because: string };

/** A shipment when shipping cannot say: its state and ETA unknown. */
export const unknownShipment = { status: 'unknown', eta: 'unknown' } as const;

/** A payment when payment cannot say. */
export const unknownPayment = { status: 'unknown' } as const;

export interface OrderDetails<Order, Payment, Shipment> {
  orderId: string;
  order: Part<Order>;
  payment: Part<Payment | null | typeof unknownPayment>;
  shipment: Part<Shipment | null | typeof unknownShipment>;
}
