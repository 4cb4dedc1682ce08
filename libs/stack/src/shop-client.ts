// The running stack as a customer, an operator and an auditor see it over HTTP: place orders, follow
// them to their end, switch provider faults, and read the providers' ledgers.
import { jsonOf, sendJson, waitUntil } from '@eventshop/testing';
import type { ServiceName, Stack } from './stack';

export interface OrderView {
  orderId: string;
  status: string;
  totalCents?: number;
  failureReason?: string;
  steps: { step: string; event: string; at: string; attempt?: number; reason?: string }[];
}

export interface OrderRequest {
  items?: { sku: string; quantity: number }[];
  token?: string;
  country?: string;
  customerId?: string;
}

export interface Ledger {
  charges: { orderId: string; amountCents: number }[];
  refunds: { orderId: string; amountCents: number }[];
}

export interface Faults {
  errorRate?: number;
  latencyMs?: number;
}

/** The public contract's POST /orders body for a request (defaults: one MUG, tok_ok, to Germany). */
export function orderBody(request: OrderRequest = {}) {
  return {
    customerId: request.customerId ?? 'c-1',
    items: request.items ?? [{ sku: 'MUG', quantity: 1 }],
    payment: { token: request.token ?? 'tok_ok' },
    shippingAddress: { name: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', country: request.country ?? 'DE' },
  };
}

type Provider = Extract<ServiceName, 'psp-primary' | 'psp-secondary' | 'carrier'>;
const providers: Provider[] = ['psp-primary', 'psp-secondary', 'carrier'];
const terminal = new Set(['COMPLETED', 'COMPENSATED']);

export class ShopClient {
  /** Every order placed through this client, for the invariant check. */
  readonly placed: string[] = [];
  private readonly known = new Set<string>();

  constructor(private readonly stack: Stack) {}

  async addProduct(sku: string, quantity: number, priceCents = 1000, name = sku): Promise<void> {
    const created = await sendJson(`${this.stack.urls.inventory}/products`, 'POST', { sku, name, priceCents, quantity });
    if (created.status !== 201) throw new Error(`creating ${sku} answered ${created.status}`);
  }

  /** POST /orders with an Idempotency-Key; resolves to the order id of the 202. */
  async place(idempotencyKey: string, request: OrderRequest = {}): Promise<string> {
    return (await this.placeForReading(idempotencyKey, request)).orderId;
  }

  /** Places an order and keeps the answer's consistency token, for reading it from the read side at once. */
  async placeForReading(idempotencyKey: string, request: OrderRequest = {}): Promise<{ orderId: string; consistencyToken: string }> {
    const answer = await fetch(`${this.stack.urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(orderBody(request)),
    });
    if (answer.status !== 202) throw new Error(`POST /orders answered ${answer.status}: ${await answer.text()}`);
    const accepted = await jsonOf<{ orderId: string; consistencyToken: string }>(answer);
    this.track(accepted.orderId);
    return accepted;
  }

  /** Counts an order placed another way (e.g. through the gateway) in the invariant check. */
  track(orderId: string): void {
    if (this.known.has(orderId)) return;
    this.known.add(orderId);
    this.placed.push(orderId);
  }

  order(id: string): Promise<OrderView> {
    return jsonOf<OrderView>(fetch(`${this.stack.urls.order}/orders/${id}`));
  }

  /** The order once its saga has ended (COMPLETED or COMPENSATED). */
  ended(id: string, timeoutMs = 90_000): Promise<OrderView> {
    return waitUntil(
      `order ${id} to end`,
      async () => {
        const view = await this.order(id);
        return terminal.has(view.status) ? view : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** Waits until the saga has sent the step's command (or, with event, recorded that event). */
  async stepReached(id: string, step: string, event = 'StepStarted'): Promise<void> {
    await waitUntil(`order ${id}: ${event} ${step}`, async () => (await this.order(id)).steps.some((s) => s.step === step && s.event === event), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
  }

  stock(sku: string): Promise<{ available: number; reserved: number; committed: number }> {
    return jsonOf(fetch(`${this.stack.urls.inventory}/products/${sku}`));
  }

  ledger(provider: 'psp-primary' | 'psp-secondary'): Promise<Ledger> {
    return jsonOf<Ledger>(fetch(`${this.stack.urls[provider]}/ledger`));
  }

  carrierLedger(): Promise<{ bookings: { orderId: string }[]; cancellations: { orderId: string }[] }> {
    return jsonOf(fetch(`${this.stack.urls.carrier}/ledger`));
  }

  /** Charges of the order at [primary, secondary]. */
  async charges(id: string): Promise<[number, number]> {
    const [primary, secondary] = await Promise.all([this.ledger('psp-primary'), this.ledger('psp-secondary')]);
    return [primary.charges.filter((c) => c.orderId === id).length, secondary.charges.filter((c) => c.orderId === id).length];
  }

  async setFaults(provider: Provider, faults: Faults): Promise<void> {
    const answer = await sendJson(`${this.stack.urls[provider]}/admin/faults`, 'PUT', faults);
    if (!answer.ok) throw new Error(`setting faults of ${provider} answered ${answer.status}`);
  }

  async clearFaults(): Promise<void> {
    await Promise.all(providers.map((p) => this.setFaults(p, {})));
  }
}
