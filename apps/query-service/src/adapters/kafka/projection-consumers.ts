// The facts topics -> the read models. Each projection is an inbox consumer of its topics whose ledger
// is its checkpoints: a fact, validated by its contract, is projected in a transaction that also moves
// the projection's checkpoint, and the Kafka offset is committed after it. A fact that breaks its
// contract goes to <topic>.dlq and the partition keeps flowing, as with every consumer.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Facts, MessageCatalog } from '@eventshop/contracts';
import { createKafka, ensureTopics, InboxConsumer, type InboundMessage, type MessageHandler } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { DataSource, EntityManager } from 'typeorm';
import { projectOrderFact } from '../../application/project-order-fact';
import { projectProductFact } from '../../application/project-product-fact';
import { QUERY_CONFIG, QUERY_LOGGER } from '../../application/tokens';
import type { QueryConfig } from '../../config';
import type { TimedOrderFact } from '../../domain/order-facts';
import type { ProductFact } from '../../domain/product-facts';
import { CheckpointLedger } from '../typeorm/checkpoint-ledger';
import { TypeOrmCatalogueWriter } from '../typeorm/typeorm-catalogue';
import { TypeOrmOrderViewWriter } from '../typeorm/typeorm-order-views';

/** Projection names: their checkpoints' key and (with the topic prefix) their consumer groups. */
export const Projections = { orders: 'orders', catalogue: 'catalogue' } as const;

interface ProjectionSpec {
  name: string;
  contracts: MessageCatalog;
  topics: string[];
  handle: MessageHandler<EntityManager>;
}

// The catalogues have validated each fact's data against its type's contract, which is what the
// domain's fact unions spell out.
const timedOrderFactOf = (message: InboundMessage): TimedOrderFact =>
  ({ type: message.type, data: message.data, occurredAt: message.occurredAt, position: Number(message.offset) }) as TimedOrderFact;
const productFactOf = (message: InboundMessage): ProductFact => ({ type: message.type, data: message.data }) as ProductFact;

function projectionsOf({ topics }: QueryConfig): ProjectionSpec[] {
  return [
    {
      name: Projections.orders,
      topics: [topics.orderEvents, topics.paymentEvents, topics.shippingEvents],
      contracts: new MessageCatalog()
        .add(topics.orderEvents, ...Facts.orderEvents)
        .add(topics.paymentEvents, ...Facts.paymentEvents)
        .add(topics.shippingEvents, ...Facts.shippingEvents),
      handle: (message, manager) => projectOrderFact(new TypeOrmOrderViewWriter(manager), timedOrderFactOf(message)),
    },
    {
      name: Projections.catalogue,
      topics: [topics.inventoryEvents],
      contracts: new MessageCatalog().add(topics.inventoryEvents, ...Facts.inventoryEvents),
      handle: (message, manager) => projectProductFact(new TypeOrmCatalogueWriter(manager), productFactOf(message), message.messageId),
    },
  ];
}

@Injectable()
export class ProjectionConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: InboxConsumer<EntityManager>[] = [];

  constructor(
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUERY_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'query-service', logger: this.logger });
    const projections = projectionsOf(this.config);
    await ensureTopics(kafka, [...new Set(projections.flatMap((p) => p.topics))], this.config.partitions);
    for (const projection of projections) {
      const consumer = new InboxConsumer<EntityManager>({
        consumer: `${this.config.topicPrefix ?? ''}query.${projection.name}`,
        topics: projection.topics,
        kafka,
        ledger: new CheckpointLedger(this.dataSource, projection.name),
        logger: this.logger,
        contracts: projection.contracts,
        handle: projection.handle,
        // One fact per transaction: facts about one order (or SKU) arrive on several partitions at once,
        // and a batch would lock their rows in arrival order and could deadlock against another batch.
        maxBatchSize: 1,
        partitionsConsumedConcurrently: this.config.partitions,
      });
      this.consumers.push(consumer);
      await consumer.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
