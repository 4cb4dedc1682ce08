// HTTP client of a payment provider (the fake-psp contract). It sorts every failure into what the
// caller must know: declined (a business answer), unavailable (the provider certainly did not act:
// connection refused, 502/503/429 — safe to try another provider), or anything else (the outcome is
// unknown — only the same provider, with the same idempotency key, may be asked again).
export class PaymentDeclined extends Error {
  override readonly name = 'PaymentDeclined';
}

export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}

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

const NOT_PROCESSED = new Set([429, 502, 503]);

export class PspClient {
  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async charge(request: ChargeRequest): Promise<{ providerReference: string }> {
    const body = await this.post('/charges', request);
    return { providerReference: String(body['chargeId']) };
  }

  async refund(request: RefundRequest): Promise<{ providerReference: string }> {
    const body = await this.post('/refunds', request);
    return { providerReference: String(body['refundId']) };
  }

  private async post(path: string, payload: unknown): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') throw new ProviderUnavailable(`${this.name}: connection refused`);
      throw new Error(`${this.name}: ${(error as Error).message}`); // a timeout: outcome unknown
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 402) throw new PaymentDeclined(String(body['reason'] ?? 'declined'));
    if (NOT_PROCESSED.has(response.status)) throw new ProviderUnavailable(`${this.name}: ${response.status} ${String(body['detail'] ?? '')}`.trim());
    if (!response.ok) throw new Error(`${this.name}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }
}
