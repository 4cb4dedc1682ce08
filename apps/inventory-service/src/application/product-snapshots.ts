// A product's stream grows with every order that touches it. Loading starts from the state this process
// last loaded (cached per database), or else from a recent snapshot.
import { StateCache, type EventStore, type SnapshotPolicy } from '@eventshop/event-store';
import type { ProductState } from '../domain/product';

export const productSnapshots: SnapshotPolicy<ProductState> = { schemaVersion: 1, everyEvents: 100 };

const cachedProducts = new WeakMap<EventStore, StateCache<ProductState>>();

/** The products this process loaded from a store's database, as it last loaded them. */
export function productStates(store: EventStore): StateCache<ProductState> {
  let cache = cachedProducts.get(store);
  if (!cache) cachedProducts.set(store, (cache = new StateCache<ProductState>()));
  return cache;
}
