// A payment provider over HTTP (the fake-psp contract), sorting every failure the way the
// PaymentProvider port asks: 402 is a decline; connection refused and 429/502/503 mean the provider
// certainly did not act; a timeout or anything else leaves the outcome unknown.
import { PaymentDeclined, ProviderUnavailable, type ChargeRequest, type PaymentProvider, type RefundRequest } from '../../application/ports/payment-provider';

const NOT_PROCESSED = new Set([429, 502, 503]);

export class HttpPaymentProvider implements PaymentProvider {
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
