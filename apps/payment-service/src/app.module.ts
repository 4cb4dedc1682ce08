// payment-service: the saga-command consumer, the charge and refund workers (providers behind
// breakers, primary then secondary), and the HTTP query.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { Commands, MessageCatalog } from '@eventshop/contracts';
import { Breaker, registerBreakerMetrics } from '@eventshop/resilience';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import pino from 'pino';
import { PaymentsController } from './adapters/http/payments.controller';
import { paymentCommandsHandler } from './adapters/kafka/payment-commands.handler';
import { PaymentDeclined, PspClient } from './adapters/psp/psp-client';
import { chargeWorker, type ChargeWork } from './application/charge-worker';
import { GetPaymentHandler } from './application/get-payment.query';
import { WorkQueues } from './application/payment-decider';
import { refundWorker, type RefundWork } from './application/refund-worker';
import type { PaymentConfig } from './config';

@Module({})
export class PaymentModule {
  static create(config: PaymentConfig): DynamicModule {
    const logger = pino({ name: 'payment-service', level: config.logLevel });
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('payment', config, [topics.commands, topics.replies, topics.events], logger);
    // One breaker per provider guards every call to it (charges and refunds alike).
    const providers = config.providers.map(({ name, url }) => {
      const client = new PspClient(name, url, config.providerTimeoutMs);
      const breaker = new Breaker(`psp:${name}`, <T>(call: () => Promise<T>) => call(), {
        policy: { timeoutMs: config.providerTimeoutMs + 1_000, ...config.breakerPolicy },
        isBusinessError: (error) => error instanceof PaymentDeclined,
        logger,
      });
      return {
        name,
        breaker,
        charge: (request: Parameters<PspClient['charge']>[0]) => breaker.fire(() => client.charge(request)) as Promise<{ providerReference: string }>,
        refund: (request: Parameters<PspClient['refund']>[0]) => breaker.fire(() => client.refund(request)),
      };
    });
    registerBreakerMetrics(
      infrastructure.metrics,
      providers.map((p) => p.breaker),
    );
    infrastructure.onStop(() => providers.forEach((p) => p.breaker.shutdown()));
    const { store, outbox } = infrastructure;
    infrastructure.consume({
      name: 'commands',
      topics: [topics.commands],
      contracts: new MessageCatalog().add(topics.commands, Commands.ProcessPayment, Commands.RefundPayment),
      handle: paymentCommandsHandler(store, outbox, topics),
    });
    infrastructure.work<ChargeWork>({
      queue: WorkQueues.charges,
      handle: chargeWorker({ store, outbox, topics, providers, chargeDeadlineMs: config.chargeDeadlineMs }),
    });
    infrastructure.work<RefundWork>({
      queue: WorkQueues.refunds,
      handle: refundWorker({ store, outbox, topics, providers }),
    });
    return {
      module: PaymentModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [PaymentsController, MetricsController, HealthController],
      providers: [{ provide: ServiceInfrastructure, useValue: infrastructure }, InfrastructureLifecycle, GetPaymentHandler],
    };
  }
}
