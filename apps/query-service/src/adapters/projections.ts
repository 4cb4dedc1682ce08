// The read models' projections: for each, the topics it reads, their contracts, how a fact is
// projected, and the tables it owns (what a rebuild builds anew and swaps in).
import { Facts, MessageCatalog } from '@eventshop/contracts';
import type { BatchHandler, InboundMessage } from '@eventshop/messaging';
import type { EntityManager } from 'typeorm';
import { projectOrderFacts } from '../application/project-order-facts';
import { projectProductFacts, type IdentifiedProductFact } from '../application/project-product-facts';
import type { QueryConfig } from '../config';
import type { TimedOrderFact } from '../domain/order-facts';
import type { ProductFact } from '../domain/product-facts';
import { TypeOrmCatalogueWriter } from './typeorm/typeorm-catalogue';
import { TypeOrmOrderViewWriter } from './typeorm/typeorm-order-views';

/** Projection names: their checkpoints' key (and, with the topic prefix, their rebuilds' consumer groups). */
export const Projections = { orders: 'orders', catalogue: 'catalogue' } as const;

export interface ProjectionSpec {
  name: string;
  contracts: MessageCatalog;
  topics: string[];
  /** Projects a batch of new facts (each partition's in offset order) in the transaction of their checkpoints. */
  handleBatch: BatchHandler<EntityManager>;
  /** The tables holding its rows (its checkpoints are kept in projection_checkpoints under its name). */
  tables: string[];
  /**
   * The version of how it projects. Raise it when a change to the projection must apply to facts
   * already projected: at start-up the tables are then rebuilt in the background and swapped in.
   */
  version: number;
}

/** Live projections announce their changes to subscribers; a rebuild replaying history does not. */
export type ProjectionMode = 'live' | 'rebuild';

// The catalogues have validated each fact's data against its type's contract, which is what the
// domain's fact unions spell out.
const timedOrderFactOf = (message: InboundMessage): TimedOrderFact =>
  ({ type: message.type, data: message.data, occurredAt: message.occurredAt, position: Number(message.offset) }) as TimedOrderFact;
const productFactOf = (message: InboundMessage): IdentifiedProductFact => ({
  factId: message.messageId,
  fact: { type: message.type, data: message.data } as ProductFact,
});

export function projectionsOf(
  { topics, projectionVersions = {} }: Pick<QueryConfig, 'topics' | 'projectionVersions'>,
  mode: ProjectionMode = 'live',
): ProjectionSpec[] {
  return [
    {
      name: Projections.orders,
      topics: [topics.orderEvents, topics.paymentEvents, topics.shippingEvents],
      contracts: new MessageCatalog()
        .add(topics.orderEvents, ...Facts.orderEvents)
        .add(topics.paymentEvents, ...Facts.paymentEvents)
        .add(topics.shippingEvents, ...Facts.shippingEvents),
      handleBatch: (messages, manager) => projectOrderFacts(new TypeOrmOrderViewWriter(manager, mode === 'live'), messages.map(timedOrderFactOf)),
      tables: ['order_summary', 'order_timeline'],
      version: projectionVersions[Projections.orders] ?? 1,
    },
    {
      name: Projections.catalogue,
      topics: [topics.inventoryEvents],
      contracts: new MessageCatalog().add(topics.inventoryEvents, ...Facts.inventoryEvents),
      handleBatch: (messages, manager) => projectProductFacts(new TypeOrmCatalogueWriter(manager), messages.map(productFactOf)),
      tables: ['product_catalogue', 'product_restocks', 'product_holds', 'product_stock_totals'],
      version: projectionVersions[Projections.catalogue] ?? 1,
    },
  ];
}
