// An order's payment and shipment from the payment and shipping services (their write models, which
// know them first); "none yet" is null, not a failure.
import type { OrderParts, PaymentPart, ShipmentPart } from '../../application/ports/order-parts';
import type { HttpUpstream } from './http-upstream';

export class HttpOrderParts implements OrderParts {
  constructor(
    private readonly payments: HttpUpstream,
    private readonly shipments: HttpUpstream,
  ) {}

  async payment(orderId: string): Promise<PaymentPart | null> {
    return (await this.payments.find<PaymentPart>(`/payments/${encodeURIComponent(orderId)}`)) ?? null;
  }

  async shipment(orderId: string): Promise<ShipmentPart | null> {
    return (await this.shipments.find<ShipmentPart>(`/shipments/${encodeURIComponent(orderId)}`)) ?? null;
  }
}
