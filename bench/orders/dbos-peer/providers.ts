// The peer's calls to the fake PSP and carrier over HTTP, with the requests and idempotency keys the
// payment and shipping services send. A refusal (declined card, country not served) is an answer; a
// provider that cannot act now throws, and the workflow step retries it.
import type { PeerOrder } from './checkout.workflow';

export type ProviderAnswer = { ok: true } | { ok: false; reason: string };

export interface Providers {
  charge(order: PeerOrder, amountCents: number): Promise<ProviderAnswer>;
  refund(order: PeerOrder, amountCents: number): Promise<ProviderAnswer>;
  book(order: PeerOrder): Promise<ProviderAnswer>;
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

function answerOf(call: string, { status, body }: { status: number; body: Record<string, unknown> }, refusal: number): ProviderAnswer {
  if (status === refusal) return { ok: false, reason: String(body['reason'] ?? 'refused') };
  if (status >= 200 && status < 300) return { ok: true };
  throw new Error(`${call}: ${status}`);
}

export function httpProviders(pspUrl: string, carrierUrl: string): Providers {
  return {
    charge: async (order, amountCents) =>
      answerOf(
        'charge',
        await post(`${pspUrl}/charges`, { orderId: order.orderId, amountCents, token: order.paymentToken, idempotencyKey: `charge-${order.orderId}` }),
        402,
      ),
    refund: async (order, amountCents) =>
      answerOf('refund', await post(`${pspUrl}/refunds`, { orderId: order.orderId, amountCents, idempotencyKey: `refund-${order.orderId}` }), 0),
    book: async (order) => answerOf('booking', await post(`${carrierUrl}/bookings`, { orderId: order.orderId, address: order.shippingAddress }), 422),
  };
}
