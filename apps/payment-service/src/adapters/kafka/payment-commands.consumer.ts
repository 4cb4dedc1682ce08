// payment.commands -> the use cases: ProcessPayment and RefundPayment, each validated by its contract,
// carried out in the inbox transaction (the effect and the inbox record commit together). A payment's
// first charge is tried just before that transaction, outside it (chargeAtOnce).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Commands } from '@eventshop/contracts';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { commandConsumer, handling, ServiceInfrastructure } from '@eventshop/service-runtime';
import type { ChargeAttempt } from '../../application/charging';
import type { PaymentTopics } from '../../application/payment-topics';
import type { PaymentProvider } from '../../application/ports/payment-provider';
import { chargeAtOnce, processPayment } from '../../application/process-payment';
import { refundPayment } from '../../application/refund-payment';
import { PAYMENT_PROVIDERS, PAYMENT_TOPICS } from '../../application/tokens';

@Injectable()
export class PaymentCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(PAYMENT_TOPICS) private readonly topics: PaymentTopics,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProvider[],
  ) {}

  onModuleInit(): void {
    const ctx = { store: this.store, outbox: this.outbox, topics: this.topics };
    this.infrastructure.consume(
      commandConsumer(this.topics.commands, [
        handling(
          Commands.ProcessPayment,
          (tx, data, route, attempt?: ChargeAttempt) => processPayment(ctx, tx, data, route, attempt),
          (data) => chargeAtOnce({ store: this.store, providers: this.providers }, data),
        ),
        handling(Commands.RefundPayment, (tx, data, route) => refundPayment(ctx, tx, data, route)),
      ]),
    );
  }
}
