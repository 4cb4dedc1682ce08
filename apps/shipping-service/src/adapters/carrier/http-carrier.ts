// The carrier over HTTP (the fake-carrier contract), sorting failures the way the Carrier port asks:
// 422 is a refusal, 409 on cancel means handed over, connection refused and 429/502/503 mean the
// carrier certainly did nothing, anything else leaves the outcome unknown.
import type { ShippingAddress } from '@eventshop/contracts';
import { BookingRefused, CancellationRefused, CarrierUnavailable, type Carrier } from '../../application/ports/carrier';

export class HttpCarrier implements Carrier {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

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

  private async post(path: string, payload: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') throw new CarrierUnavailable('carrier: connection refused');
      throw new Error(`carrier: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if ([429, 502, 503].includes(response.status)) throw new CarrierUnavailable(`carrier: ${response.status} ${String(body['detail'] ?? '')}`.trim());
    return { status: response.status, body };
  }
}
