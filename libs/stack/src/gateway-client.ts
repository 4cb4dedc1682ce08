// The running stack through its public front, as a client of the gateway sees it: access tokens from
// the demo's token endpoint, requests under /api/v1 with a bearer token, orders placed for a customer.
import type { QueryApi } from '@eventshop/contracts';
import { jsonOf, waitUntil } from '@eventshop/testing';
import { orderBody, type OrderRequest } from './shop-client';

export type Role = 'customer' | 'admin';

export class GatewayClient {
  constructor(readonly url: string) {}

  /** A token from POST /api/v1/dev/token (demo only: the stack runs the gateway with DEV_TOKENS=on). */
  async token(customerId: string, role: Role = 'customer'): Promise<string> {
    const answer = await this.send(undefined, 'POST', '/api/v1/dev/token', { customerId, role });
    if (answer.status !== 201) throw new Error(`POST /api/v1/dev/token answered ${answer.status}: ${await answer.text()}`);
    return (await jsonOf<{ token: string }>(answer)).token;
  }

  /** One request under the gateway, with the token when given and the body as JSON. */
  send(token: string | undefined, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** GET as JSON, failing on anything but 200. */
  async read<T = Record<string, unknown>>(token: string, path: string): Promise<T> {
    const answer = await this.send(token, 'GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${await answer.text()}`);
    return jsonOf<T>(answer);
  }

  /** Places an order for `request.customerId` through the gateway; the 202's order id and consistency token. */
  async placeOrder(token: string, idempotencyKey: string, request: OrderRequest): Promise<{ orderId: string; consistencyToken: string }> {
    const answer = await this.send(token, 'POST', '/api/v1/orders', orderBody(request), { 'idempotency-key': idempotencyKey });
    if (answer.status !== 202) throw new Error(`POST /api/v1/orders answered ${answer.status}: ${await answer.text()}`);
    return jsonOf(answer);
  }

  /** The order as the read side tells it, once it has ended (no longer PENDING). */
  orderEnded(token: string, orderId: string, timeoutMs = 60_000): Promise<QueryApi.OrderAnswer> {
    return waitUntil(
      `order ${orderId} ended on the read side`,
      async () => {
        const answer = await this.send(token, 'GET', `/api/v1/orders/${orderId}`);
        const view = answer.status === 200 ? await jsonOf<QueryApi.OrderAnswer>(answer) : undefined;
        return view?.order.status && view.order.status !== 'PENDING' ? view : undefined;
      },
      { timeoutMs },
    );
  }
}
