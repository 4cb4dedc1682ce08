// The port payment needs from the outside world: a payment provider that charges and refunds, each
// call carrying an idempotency key. Its failures are sorted into what the application must know:
// declined (a business answer), unavailable (the provider certainly did not act — another provider
// may be tried), or any other error (the outcome is unknown — only the same provider, with the same
// key, may be asked again). adapters/psp implements it over HTTP, behind a breaker per provider.
export interface ChargeRequest {
  orderId: string;
  amountCents: number;
  token: string;
  idempotencyKey: string;
}

export interface RefundRequest {
  orderId: string;
  amountCents: number;
  idempotencyKey: string;
}

export interface PaymentProvider {
  /** The provider's name, recorded with a charge so its refund goes to the same provider. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<{ providerReference: string }>;
  refund(request: RefundRequest): Promise<{ providerReference: string }>;
}

/** The provider refused the charge (card declined): final, not retried, not tried elsewhere. */
export class PaymentDeclined extends Error {
  override readonly name = 'PaymentDeclined';
}

/** The provider certainly did nothing (connection refused, 429/502/503): safe to try another. */
export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}
