// A payment provider over HTTP (the fake-psp contract), sorting every failure the way the
// PaymentProvider port asks: 402 is a decline; connection refused and 429/502/503 mean the provider
// certainly did not act; a timeout or anything else leaves the outcome unknown.
import { ConnectionRefused, JsonHttpClient, type JsonAnswer } from '@eventshop/resilience';
import { PaymentDeclined, ProviderUnavailable, type ChargeRequest, type PaymentProvider, type RefundRequest } from '../../application/ports/payment-provider';

const NOT_PROCESSED = new Set([429, 502, 503]);

export class HttpPaymentProvider implements PaymentProvider {
  private readonly http: JsonHttpClient;

  constructor(
    readonly name: string,
    baseUrl: string,
    timeoutMs = 5_000,
  ) {
    this.http = new JsonHttpClient(baseUrl, timeoutMs);
  }

  async charge(request: ChargeRequest): Promise<{ providerReference: string }> {
    const body = await this.post('/charges', request);
    return { providerReference: String(body['chargeId']) };
  }

  async refund(request: RefundRequest): Promise<{ providerReference: string }> {
    const body = await this.post('/refunds', request);
    return { providerReference: String(body['refundId']) };
  }

  private async post(path: string, payload: unknown): Promise<Record<string, unknown>> {
    let answer: JsonAnswer;
    try {
      answer = await this.http.post(path, payload);
    } catch (error) {
      if (error instanceof ConnectionRefused) throw new ProviderUnavailable(`${this.name}: connection refused`);
      throw new Error(`${this.name}: ${(error as Error).message}`); // a timeout: outcome unknown
    }
    const { status, body } = answer;
    if (status === 402) throw new PaymentDeclined(String(body['reason'] ?? 'declined'));
    if (NOT_PROCESSED.has(status)) throw new ProviderUnavailable(`${this.name}: ${status} ${String(body['detail'] ?? '')}`.trim());
    if (status < 200 || status > 299) throw new Error(`${this.name}: ${status} ${JSON.stringify(body)}`);
    return body;
  }
}
