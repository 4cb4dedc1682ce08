// Asking the carrier for an order's booking, as the use case (at once) and the booking worker (again)
// both do: a booking or a refusal settles it; any other failure leaves it unsettled — the carrier
// certainly did nothing (unavailable, breaker open, bulkhead full) or the outcome is unknown.
import type { ShippingAddress } from '@eventshop/contracts';
import { BreakerOpen, BulkheadFull } from '@eventshop/resilience';
import type { BookingResult } from '../domain/shipment.decide';
import { BookingRefused, CarrierUnavailable, type Carrier } from './ports/carrier';

export type BookingAttempt = { kind: 'settled'; result: BookingResult } | { kind: 'unsettled'; error: Error };

export const certainlyNotBooked = (error: unknown) => error instanceof CarrierUnavailable || error instanceof BreakerOpen || error instanceof BulkheadFull;

export async function askToBook(carrier: Carrier, orderId: string, address: ShippingAddress): Promise<BookingAttempt> {
  try {
    const { trackingId } = await carrier.book(orderId, address);
    return { kind: 'settled', result: { outcome: 'booked', trackingId } };
  } catch (error) {
    if (error instanceof BookingRefused) return { kind: 'settled', result: { outcome: 'refused', reason: error.message } };
    return { kind: 'unsettled', error: error as Error };
  }
}
