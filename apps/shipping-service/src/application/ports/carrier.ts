// The port shipping needs from the outside world: a carrier that books and cancels shipments (one
// booking per order, so asking again is safe). Its failures are sorted into what the application
// must know: a refusal (a business answer), unavailable (the carrier certainly did nothing — wait and
// retry), or any other error (outcome unknown — ask again). adapters/carrier implements it over HTTP,
// behind a breaker.
import type { ShippingAddress } from '@eventshop/contracts';

export interface Carrier {
  book(orderId: string, address: ShippingAddress): Promise<{ trackingId: string }>;
  /** Cancels a booking; one that never existed counts as cancelled (nothing to undo). */
  cancel(orderId: string): Promise<void>;
}

/** The carrier will not ship this (e.g. to that country). */
export class BookingRefused extends Error {
  override readonly name = 'BookingRefused';
}

/** The parcel has left: the booking can no longer be cancelled. */
export class CancellationRefused extends Error {
  override readonly name = 'CancellationRefused';
}

/** The carrier certainly did nothing (connection refused, 429/502/503). */
export class CarrierUnavailable extends Error {
  override readonly name = 'CarrierUnavailable';
}
