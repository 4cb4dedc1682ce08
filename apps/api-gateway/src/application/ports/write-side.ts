// What the gateway asks the write side: the order service's commands and the inventory's product
// writes, passed on as they are (the services validate and decide). Implemented over HTTP.
import type { PlaceOrderBody } from '@eventshop/contracts';

/** An upstream's answer, to be passed on with its status. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface OrderAccepted {
  orderId: string;
  status: string;
  consistencyToken?: string;
}

export interface OrderCommands {
  place(idempotencyKey: string, body: PlaceOrderBody): Promise<Answer<OrderAccepted>>;
  cancel(orderId: string): Promise<Answer>;
  resumeSaga(orderId: string): Promise<Answer>;
  /** Whose order it is, from the write side (it knows an order the moment it is accepted); undefined if none. */
  ownerOf(orderId: string): Promise<string | undefined>;
}

export interface CatalogueCommands {
  create(body: unknown): Promise<Answer>;
  restock(sku: string, body: unknown): Promise<Answer>;
}
