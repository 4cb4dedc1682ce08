// A fake carrier: bookings and cancellations with a ledger. It refuses shipping to country `AQ` (the
// public contract's default), or every booking when told to (rule `refuseAll`); a booking can be
// handed over (by the admin API, standing in for the truck leaving), after which it can no longer be
// cancelled.
import { randomUUID } from 'node:crypto';
import { HttpError, JsonServer, parseBody, type JsonResponse } from './json-server';
import { problem } from '@eventshop/contracts';
import { z } from 'zod';

const bookingRequest = z.object({
  orderId: z.string().min(1),
  address: z.object({ name: z.string(), line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string().length(2) }),
});
const rulesSchema = z.object({
  refusedCountries: z.array(z.string().length(2)).default(['AQ']),
  /** Refuse every booking (the dashboard's "carrier refusal" switch): each order compensates. */
  refuseAll: z.boolean().default(false),
});

export interface CarrierLedger {
  bookings: { orderId: string }[];
  cancellations: { orderId: string }[];
}

interface Booking {
  trackingId: string;
  handedOver: boolean;
  cancelled: boolean;
}

export function createFakeCarrier(name = 'fake-carrier'): JsonServer {
  let ledger: CarrierLedger = { bookings: [], cancellations: [] };
  let rules = rulesSchema.parse({});
  let bookings = new Map<string, Booking>();

  const bookingOf = (orderId: string): Booking => {
    const booking = bookings.get(orderId);
    if (!booking) throw new HttpError(problem(404, 'No such booking', `order ${orderId} was never booked`));
    return booking;
  };

  return new JsonServer(name, () => {
    ledger = { bookings: [], cancellations: [] };
    rules = rulesSchema.parse({});
    bookings = new Map();
  })
    .route('POST', '/bookings', ({ body }): JsonResponse => {
      const request = parseBody(bookingRequest, body);
      const existing = bookings.get(request.orderId);
      if (existing) return { status: 201, body: { status: 'booked', trackingId: existing.trackingId } }; // one booking per order
      if (rules.refuseAll) return { status: 422, body: { status: 'refused', reason: 'the carrier takes no bookings for now' } };
      if (rules.refusedCountries.includes(request.address.country)) {
        return { status: 422, body: { status: 'refused', reason: `we do not ship to ${request.address.country}` } };
      }
      const booking = { trackingId: `trk_${randomUUID()}`, handedOver: false, cancelled: false };
      bookings.set(request.orderId, booking);
      ledger.bookings.push({ orderId: request.orderId });
      return { status: 201, body: { status: 'booked', trackingId: booking.trackingId } };
    })
    .route('POST', '/bookings/:orderId/cancel', ({ params }): JsonResponse => {
      const booking = bookingOf(params['orderId']);
      if (booking.handedOver) return { status: 409, body: { status: 'refused', reason: 'the shipment was already handed over' } };
      if (!booking.cancelled) {
        booking.cancelled = true;
        ledger.cancellations.push({ orderId: params['orderId'] });
      }
      return { status: 200, body: { status: 'cancelled' } };
    })
    .route('GET', '/ledger', () => ({ status: 200, body: ledger }), true) // for tests: never faulty
    .route('POST', '/admin/bookings/:orderId/hand-over', ({ params }) => {
      bookingOf(params['orderId']).handedOver = true;
      return { status: 204 };
    })
    .route('GET', '/admin/rules', () => ({ status: 200, body: rules }))
    .route('PUT', '/admin/rules', ({ body }) => ({ status: 200, body: (rules = parseBody(rulesSchema, body)) }));
}
