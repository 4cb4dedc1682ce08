// shipping-service: the saga-command consumer, the booking and cancellation workers (the carrier
// behind a breaker, queue-and-retry while it is down), and the HTTP query.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { Commands, MessageCatalog } from '@eventshop/contracts';
import { Breaker, registerBreakerMetrics } from '@eventshop/resilience';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import pino from 'pino';
import { BookingRefused, CancellationRefused, CarrierClient } from './adapters/carrier/carrier-client';
import { ShipmentsController } from './adapters/http/shipments.controller';
import { shippingCommandsHandler } from './adapters/kafka/shipping-commands.handler';
import { GetShipmentHandler } from './application/get-shipment.query';
import { WorkQueues } from './application/shipment-decider';
import { bookingWorker, cancellationWorker, type ShipmentWork } from './application/shipping-workers';
import type { ShippingConfig } from './config';

@Module({})
export class ShippingModule {
  static create(config: ShippingConfig): DynamicModule {
    const logger = pino({ name: 'shipping-service', level: config.logLevel });
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('shipping', config, [topics.commands, topics.replies, topics.events], logger);
    const carrier = new CarrierClient(config.carrierUrl, config.carrierTimeoutMs);
    const breaker = new Breaker<[() => Promise<unknown>], unknown>('carrier', (call) => call(), {
      policy: { timeoutMs: config.carrierTimeoutMs + 1_000, ...config.breakerPolicy },
      isBusinessError: (error) => error instanceof BookingRefused || error instanceof CancellationRefused,
      logger,
    });
    registerBreakerMetrics(infrastructure.metrics, [breaker]);
    infrastructure.onStop(() => breaker.shutdown());
    const { store, outbox } = infrastructure;
    const deps = { store, outbox, topics, carrier, breaker, bookingDeadlineMs: config.bookingDeadlineMs };
    infrastructure.consume({
      name: 'commands',
      topics: [topics.commands],
      contracts: new MessageCatalog().add(topics.commands, Commands.RequestShipping, Commands.CancelShipment),
      handle: shippingCommandsHandler(store, outbox, topics),
    });
    infrastructure.work<ShipmentWork>({ queue: WorkQueues.bookings, handle: bookingWorker(deps) });
    infrastructure.work<ShipmentWork>({ queue: WorkQueues.cancellations, handle: cancellationWorker(deps) });
    return {
      module: ShippingModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [ShipmentsController, MetricsController, HealthController],
      providers: [{ provide: ServiceInfrastructure, useValue: infrastructure }, InfrastructureLifecycle, GetShipmentHandler],
    };
  }
}
