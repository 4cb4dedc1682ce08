// shipping-service: the saga-command consumer, the booking and cancellation workers (the carrier
// behind a breaker, queue-and-retry while it is down) and the HTTP query, on the service runtime.
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ServiceRuntimeModule } from '@eventshop/service-runtime';
import { carrierProvider } from './adapters/carrier/guarded-carrier';
import { ShipmentsController } from './adapters/http/shipments.controller';
import { ShippingCommandsConsumer } from './adapters/kafka/shipping-commands.consumer';
import { ShippingWorkers } from './adapters/work-queue/shipping-workers';
import { GetShipmentHandler } from './application/get-shipment.query';
import { SHIPPING_CONFIG, SHIPPING_TOPICS } from './application/tokens';
import type { ShippingConfig } from './config';

@Module({})
export class ShippingModule {
  static forConfig(config: ShippingConfig): DynamicModule {
    const { topics } = config;
    return {
      module: ShippingModule,
      imports: [
        CqrsModule.forRoot(),
        ServiceRuntimeModule.forService({ service: 'shipping', config, topics: [topics.commands, topics.replies, topics.events] }),
      ],
      controllers: [ShipmentsController],
      providers: [
        { provide: SHIPPING_CONFIG, useValue: config },
        { provide: SHIPPING_TOPICS, useValue: topics },
        carrierProvider,
        ShippingCommandsConsumer,
        ShippingWorkers,
        GetShipmentHandler,
      ],
    };
  }
}
