// order.events, payment.events and shipping.events -> the order views. Each fact, validated by its
// contract, is projected in a transaction that also moves the projection's checkpoint; the Kafka
// offset is committed after it. A fact that breaks its contract goes to <topic>.dlq and the partition
// keeps flowing, as with every consumer.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Facts, MessageCatalog } from '@eventshop/contracts';
import { createKafka, ensureTopics, InboxConsumer, type InboundMessage } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { DataSource, EntityManager } from 'typeorm';
import { projectOrderFact } from '../../application/project-order-fact';
import { QUERY_CONFIG, QUERY_LOGGER } from '../../application/tokens';
import type { QueryConfig } from '../../config';
import type { TimedOrderFact } from '../../domain/order-facts';
import { CheckpointLedger } from '../typeorm/checkpoint-ledger';
import { TypeOrmOrderViewWriter } from '../typeorm/typeorm-order-views';

/** The projection's name: its checkpoints' key and (with the topic prefix) its consumer group. */
export const ORDERS_PROJECTION = 'orders';

@Injectable()
export class OrderFactsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: InboxConsumer<EntityManager>;

  constructor(
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUERY_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { topics } = this.config;
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'query-service', logger: this.logger });
    const all = [topics.orderEvents, topics.paymentEvents, topics.shippingEvents];
    await ensureTopics(kafka, all, this.config.partitions);
    this.consumer = new InboxConsumer<EntityManager>({
      consumer: `${this.config.topicPrefix ?? ''}query.${ORDERS_PROJECTION}`,
      topics: all,
      kafka,
      ledger: new CheckpointLedger(this.dataSource, ORDERS_PROJECTION),
      logger: this.logger,
      contracts: new MessageCatalog()
        .add(topics.orderEvents, ...Facts.orderEvents)
        .add(topics.paymentEvents, ...Facts.paymentEvents)
        .add(topics.shippingEvents, ...Facts.shippingEvents),
      handle: (message, manager) => projectOrderFact(new TypeOrmOrderViewWriter(manager), timedFactOf(message)),
      // One fact per transaction: facts of one order arrive on several partitions at once, and a batch
      // would lock their summaries in arrival order and could deadlock against another batch.
      maxBatchSize: 1,
      partitionsConsumedConcurrently: this.config.partitions,
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

// The catalogue has validated the data against the type's contract, which is what OrderFact spells out.
const timedFactOf = (message: InboundMessage): TimedOrderFact =>
  ({ type: message.type, data: message.data, occurredAt: message.occurredAt, position: Number(message.offset) }) as TimedOrderFact;
