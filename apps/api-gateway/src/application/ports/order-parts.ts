// The parts of an order's details that its own services hold: the payment and the shipment as the
// payment and shipping services know them (null when there is none yet). Implemented over HTTP.

export interface PaymentPart {
  orderId: string;
  status: string;
  amountCents: number;
  provider?: string;
  voided: boolean;
}

export interface ShipmentPart {
  orderId: string;
  status: string;
  trackingId?: string;
  voided: boolean;
}

export interface OrderParts {
  payment(orderId: string): Promise<PaymentPart | null>;
  shipment(orderId: string): Promise<ShipmentPart | null>;
}
