// A product's stream grows with every order that touches it; loading starts from a recent snapshot.
import type { SnapshotPolicy } from '@eventshop/event-store';
import type { ProductState } from '../domain/product';

export const productSnapshots: SnapshotPolicy<ProductState> = { schemaVersion: 1, everyEvents: 100 };
