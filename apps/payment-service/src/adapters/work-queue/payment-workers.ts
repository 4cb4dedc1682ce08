// The work-queue workers of payment: due charges and refunds go to the providers, outside any
// transaction (application/charge-worker.ts, refund-worker.ts say what each does with the answer).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import { chargeWorker, type ChargeWork } from '../../application/charge-worker';
import type { PaymentTopics } from '../../application/payment-topics';
import type { PaymentProvider } from '../../application/ports/payment-provider';
import { refundWorker, type RefundWork } from '../../application/refund-worker';
import { PAYMENT_CONFIG, PAYMENT_PROVIDERS, PAYMENT_TOPICS } from '../../application/tokens';
import { WorkQueues } from '../../application/work-queues';
import type { PaymentConfig } from '../../config';

@Injectable()
export class PaymentWorkers implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(PAYMENT_TOPICS) private readonly topics: PaymentTopics,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProvider[],
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
  ) {}

  onModuleInit(): void {
    const ctx = { store: this.store, outbox: this.outbox, topics: this.topics, providers: this.providers };
    this.infrastructure.work<ChargeWork>({ queue: WorkQueues.charges, handle: chargeWorker({ ...ctx, chargeDeadlineMs: this.config.chargeDeadlineMs }) });
    this.infrastructure.work<RefundWork>({ queue: WorkQueues.refunds, handle: refundWorker(ctx) });
  }
}
