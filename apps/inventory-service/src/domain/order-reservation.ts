// One order's claim on stock, across all its lines: reserved together or not at all. The outcome is
// remembered so that a redelivered command gets the same answer, and a release that arrives before
// (or instead of) the reservation voids it, so a late reservation is refused rather than stranded.
export interface PricedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export type OrderReservationEvent =
  | { type: 'OrderStockReserved'; data: { orderId: string; lines: PricedLine[] } }
  | { type: 'OrderStockRejected'; data: { orderId: string; reason: string; sku?: string } }
  | { type: 'OrderStockReleased'; data: { orderId: string } }
  | { type: 'OrderStockCommitted'; data: { orderId: string } }
  | { type: 'OrderReservationVoided'; data: { orderId: string } };

export type ReservationStatus = 'none' | 'reserved' | 'rejected' | 'released' | 'committed' | 'voided';

export interface OrderReservationState {
  status: ReservationStatus;
  lines: PricedLine[];
  rejection?: { reason: string; sku?: string };
}

export const initialReservationState = (): OrderReservationState => ({ status: 'none', lines: [] });

export function evolveReservation(state: OrderReservationState, event: OrderReservationEvent): OrderReservationState {
  switch (event.type) {
    case 'OrderStockReserved':
      return { status: 'reserved', lines: event.data.lines };
    case 'OrderStockRejected':
      return { status: 'rejected', lines: [], rejection: { reason: event.data.reason, sku: event.data.sku } };
    case 'OrderStockReleased':
      return { ...state, status: 'released' };
    case 'OrderStockCommitted':
      return { ...state, status: 'committed' };
    case 'OrderReservationVoided':
      return { ...state, status: 'voided' };
  }
}

export const totalCents = (lines: PricedLine[]) => lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);

export const reservationStreamId = (orderId: string) => `reservation-${orderId}`;
