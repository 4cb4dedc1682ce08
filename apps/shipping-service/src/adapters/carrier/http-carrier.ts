// The carrier over HTTP (the fake-carrier contract), sorting failures the way the Carrier port asks:
// 422 is a refusal, 409 on cancel means handed over, connection refused and 429/502/503 mean the
// carrier certainly did nothing, anything else leaves the outcome unknown.
import type { ShippingAddress } from '@eventshop/contracts';
import { ConnectionRefused, JsonHttpClient, type JsonAnswer } from '@eventshop/resilience';
import { BookingRefused, CancellationRefused, CarrierUnavailable, type Carrier } from '../../application/ports/carrier';

export class HttpCarrier implements Carrier {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs = 5_000) {
    this.http = new JsonHttpClient(baseUrl, timeoutMs);
  }

  async book(orderId: string, address: ShippingAddress): Promise<{ trackingId: string }> {
    const { status, body } = await this.post('/bookings', { orderId, address });
    if (status === 422) throw new BookingRefused(String(body['reason'] ?? 'refused'));
    if (status !== 201) throw new Error(`carrier: ${status} ${JSON.stringify(body)}`);
    return { trackingId: String(body['trackingId']) };
  }

  /** Cancels a booking; one that never existed counts as cancelled (nothing to undo). */
  async cancel(orderId: string): Promise<void> {
    const { status, body } = await this.post(`/bookings/${encodeURIComponent(orderId)}/cancel`, undefined);
    if (status === 409) throw new CancellationRefused(String(body['reason'] ?? 'refused'));
    if (status !== 200 && status !== 404) throw new Error(`carrier: ${status} ${JSON.stringify(body)}`);
  }

  private async post(path: string, payload: unknown): Promise<JsonAnswer> {
    let answer: JsonAnswer;
    try {
      answer = await this.http.post(path, payload);
    } catch (error) {
      if (error instanceof ConnectionRefused) throw new CarrierUnavailable('carrier: connection refused');
      throw new Error(`carrier: ${(error as Error).message}`);
    }
    if ([429, 502, 503].includes(answer.status)) throw new CarrierUnavailable(`carrier: ${answer.status} ${String(answer.body['detail'] ?? '')}`.trim());
    return answer;
  }
}
