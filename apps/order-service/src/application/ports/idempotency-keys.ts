// The port placing an order needs to be idempotent by its Idempotency-Key: a store that claims a key
// for an order in the caller's transaction, or tells which order claimed it first and for which request.
import type { Transaction } from '@eventshop/event-store';

export interface KeyClaim {
  /** The order the key belongs to: the one offered, or the one that claimed the key before. */
  orderId: string;
  /** The hash of the request that claimed the key first. */
  requestHash: string;
}

export interface IdempotencyKeys {
  claim(tx: Transaction, key: string, requestHash: string, orderId: string): Promise<KeyClaim>;
}
