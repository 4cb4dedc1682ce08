// An order's payment and shipment from the payment and shipping services (their write models, which
// know them first); "none yet" is null, not a failure.
import type { OrderParts, PaymentPart, ShipmentPart } from '../../application/ports/order-parts';
import { ProblemException } from '../../application/problem-exception';
import type { HttpUpstream } from './http-upstream';

export class HttpOrderParts implements OrderParts {
  constructor(
    private readonly payments: HttpUpstream,
    private readonly shipments: HttpUpstream,
  ) {}

  payment(orderId: string): Promise<PaymentPart | null> {
    return orNull(this.payments.request<PaymentPart>('GET', `/payments/${encodeURIComponent(orderId)}`));
  }

  shipment(orderId: string): Promise<ShipmentPart | null> {
    return orNull(this.shipments.request<ShipmentPart>('GET', `/shipments/${encodeURIComponent(orderId)}`));
  }
}

async function orNull<T>(answer: Promise<{ body: T }>): Promise<T | null> {
  try {
    return (await answer).body;
  } catch (error) {
    if (error instanceof ProblemException && error.problem.status === 404) return null;
    throw error;
  }
}
