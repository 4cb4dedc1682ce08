// shipping-service: the saga-command consumer, the booking and cancellation workers (the carrier
// behind a breaker, queue-and-retry while it is down), and the HTTP query.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { registerBreakerMetrics } from '@eventshop/resilience';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import { createLogger } from '@eventshop/observability';
import { guardedCarrier } from './adapters/carrier/guarded-carrier';
import { ShipmentsController } from './adapters/http/shipments.controller';
import { shippingCommandsConsumer } from './adapters/kafka/shipping-commands.consumer';
import { GetShipmentHandler } from './application/get-shipment.query';
import { bookingWorker, cancellationWorker, type ShipmentWork } from './application/shipping-workers';
import { WorkQueues } from './application/work-queues';
import type { ShippingConfig } from './config';

@Module({})
export class ShippingModule {
  static create(config: ShippingConfig): DynamicModule {
    const logger = createLogger('shipping-service', config.logLevel);
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('shipping', config, [topics.commands, topics.replies, topics.events], logger);
    const { carrier, breaker } = guardedCarrier(config.carrierUrl, { timeoutMs: config.carrierTimeoutMs, breakerPolicy: config.breakerPolicy, logger });
    registerBreakerMetrics(infrastructure.metrics, [breaker]);
    infrastructure.onStop(() => breaker.shutdown());
    const ctx = { store: infrastructure.store, outbox: infrastructure.outbox, topics };
    const workers = { ...ctx, carrier, bookingDeadlineMs: config.bookingDeadlineMs };
    infrastructure.consume(shippingCommandsConsumer(ctx));
    infrastructure.work<ShipmentWork>({ queue: WorkQueues.bookings, handle: bookingWorker(workers) });
    infrastructure.work<ShipmentWork>({ queue: WorkQueues.cancellations, handle: cancellationWorker(workers) });
    return {
      module: ShippingModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [ShipmentsController, MetricsController, HealthController],
      providers: [{ provide: ServiceInfrastructure, useValue: infrastructure }, InfrastructureLifecycle, GetShipmentHandler],
    };
  }
}
