// payment-service: the saga-command consumer, the charge and refund workers (providers behind
// breakers, primary then secondary), and the HTTP query.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { registerBreakerMetrics } from '@eventshop/resilience';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import { createLogger } from '@eventshop/observability';
import { PaymentsController } from './adapters/http/payments.controller';
import { paymentCommandsConsumer } from './adapters/kafka/payment-commands.consumer';
import { guardedPaymentProviders } from './adapters/psp/guarded-payment-providers';
import { chargeWorker, type ChargeWork } from './application/charge-worker';
import { GetPaymentHandler } from './application/get-payment.query';
import { refundWorker, type RefundWork } from './application/refund-worker';
import { WorkQueues } from './application/work-queues';
import type { PaymentConfig } from './config';

@Module({})
export class PaymentModule {
  static create(config: PaymentConfig): DynamicModule {
    const logger = createLogger('payment-service', config.logLevel);
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('payment', config, [topics.commands, topics.replies, topics.events], logger);
    const { providers, breakers } = guardedPaymentProviders(config.providers, {
      timeoutMs: config.providerTimeoutMs,
      breakerPolicy: config.breakerPolicy,
      logger,
    });
    registerBreakerMetrics(infrastructure.metrics, breakers);
    infrastructure.onStop(() => breakers.forEach((b) => b.shutdown()));
    const ctx = { store: infrastructure.store, outbox: infrastructure.outbox, topics };
    infrastructure.consume(paymentCommandsConsumer(ctx));
    infrastructure.work<ChargeWork>({ queue: WorkQueues.charges, handle: chargeWorker({ ...ctx, providers, chargeDeadlineMs: config.chargeDeadlineMs }) });
    infrastructure.work<RefundWork>({ queue: WorkQueues.refunds, handle: refundWorker({ ...ctx, providers }) });
    return {
      module: PaymentModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [PaymentsController, MetricsController, HealthController],
      providers: [{ provide: ServiceInfrastructure, useValue: infrastructure }, InfrastructureLifecycle, GetPaymentHandler],
    };
  }
}
