// payment-service: the saga-command consumer, the charge and refund workers (providers behind
// breakers, primary then secondary) and the HTTP query, on the service runtime.
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ServiceRuntimeModule } from '@eventshop/service-runtime';
import { PaymentsController } from './adapters/http/payments.controller';
import { PaymentCommandsConsumer } from './adapters/kafka/payment-commands.consumer';
import { paymentProvidersProvider } from './adapters/psp/guarded-payment-providers';
import { PaymentWorkers } from './adapters/work-queue/payment-workers';
import { GetPaymentHandler } from './application/get-payment.query';
import { PAYMENT_CONFIG, PAYMENT_TOPICS } from './application/tokens';
import type { PaymentConfig } from './config';

@Module({})
export class PaymentModule {
  static forConfig(config: PaymentConfig): DynamicModule {
    const { topics } = config;
    return {
      module: PaymentModule,
      imports: [
        CqrsModule.forRoot(),
        ServiceRuntimeModule.forService({ service: 'payment', config, topics: [topics.commands, topics.replies, topics.events] }),
      ],
      controllers: [PaymentsController],
      providers: [
        { provide: PAYMENT_CONFIG, useValue: config },
        { provide: PAYMENT_TOPICS, useValue: topics },
        paymentProvidersProvider,
        PaymentCommandsConsumer,
        PaymentWorkers,
        GetPaymentHandler,
      ],
    };
  }
}
