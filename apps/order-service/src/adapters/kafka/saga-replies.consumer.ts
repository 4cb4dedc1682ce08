// order.saga-replies -> the order saga: every participant's reply, validated by its contract, is fed
// to the saga of its order (the correlation id) in the inbox transaction.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessageCatalog, Replies } from '@eventshop/contracts';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import type { OrderContext } from '../../application/order-context';
import { sagaRepliesHandler } from '../../application/order-saga-process';
import { ORDER_CONFIG, ORDER_CONTEXT } from '../../application/tokens';
import type { OrderConfig } from '../../config';

@Injectable()
export class SagaRepliesConsumer implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    @Inject(ORDER_CONTEXT) private readonly ctx: OrderContext,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {}

  onModuleInit(): void {
    const topic = this.config.topics.replies;
    this.infrastructure.consume({
      name: 'saga-replies',
      topics: [topic],
      contracts: new MessageCatalog().add(topic, ...Replies.sagaReplies),
      handleBatch: sagaRepliesHandler(this.ctx),
      // Each reply's saga (its correlation id), locked as the batch is recorded in the inbox.
      locksFirst: (messages) => messages.map((message) => this.ctx.saga.streamId(message.correlationId)),
    });
  }
}
