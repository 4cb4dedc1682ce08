// The worker of the order saga's deadlines: a step or compensation left unanswered past its deadline
// becomes DeadlinePassed for its saga (a deadline already answered changes nothing).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DeadlineWork } from '@eventshop/saga';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import type { OrderContext } from '../../application/order-context';
import { sagaDeadlinesHandler } from '../../application/order-saga-process';
import { ORDER_CONTEXT } from '../../application/tokens';

@Injectable()
export class SagaDeadlinesWorker implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    @Inject(ORDER_CONTEXT) private readonly ctx: OrderContext,
  ) {}

  onModuleInit(): void {
    this.infrastructure.work<DeadlineWork>({ queue: this.ctx.saga.deadlineQueue, handle: sagaDeadlinesHandler(this.ctx) });
  }
}
