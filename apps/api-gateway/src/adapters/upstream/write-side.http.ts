// The write side over HTTP: the order service's commands and the inventory's product writes, sent as
// the public contract says and answered as the services answer.
import type { PlaceOrderBody } from '@eventshop/contracts';
import type { CatalogueCommands, OrderAccepted, OrderCommands } from '../../application/ports/write-side';
import type { HttpUpstream } from './http-upstream';

const path = (id: string) => encodeURIComponent(id);

export class HttpOrderCommands implements OrderCommands {
  constructor(private readonly orderService: HttpUpstream) {}

  place(idempotencyKey: string, body: PlaceOrderBody) {
    return this.orderService.request<OrderAccepted>('POST', '/orders', { body, headers: { 'idempotency-key': idempotencyKey } });
  }

  cancel(orderId: string) {
    return this.orderService.request('POST', `/orders/${path(orderId)}/cancel`);
  }

  resumeSaga(orderId: string) {
    return this.orderService.request('POST', `/admin/sagas/${path(orderId)}/resume`);
  }

  async ownerOf(orderId: string): Promise<string | undefined> {
    return (await this.orderService.find<{ customerId: string }>(`/orders/${path(orderId)}`))?.customerId;
  }
}

export class HttpCatalogueCommands implements CatalogueCommands {
  constructor(private readonly inventory: HttpUpstream) {}

  create(body: unknown) {
    return this.inventory.request('POST', '/products', { body });
  }

  restock(sku: string, body: unknown) {
    return this.inventory.request('POST', `/products/${path(sku)}/restock`, { body });
  }
}
