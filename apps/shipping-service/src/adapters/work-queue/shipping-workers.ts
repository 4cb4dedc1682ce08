// The work-queue workers of shipping: due bookings and cancellations go to the carrier, outside any
// transaction (application/shipping-workers.ts says what each does with the answer).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import type { Carrier } from '../../application/ports/carrier';
import { bookingWorker, cancellationWorker, type ShipmentWork } from '../../application/shipping-workers';
import type { ShippingTopics } from '../../application/shipping-topics';
import { CARRIER, SHIPPING_CONFIG, SHIPPING_TOPICS } from '../../application/tokens';
import { WorkQueues } from '../../application/work-queues';
import type { ShippingConfig } from '../../config';

@Injectable()
export class ShippingWorkers implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(SHIPPING_TOPICS) private readonly topics: ShippingTopics,
    @Inject(CARRIER) private readonly carrier: Carrier,
    @Inject(SHIPPING_CONFIG) private readonly config: ShippingConfig,
  ) {}

  onModuleInit(): void {
    const deps = { store: this.store, outbox: this.outbox, topics: this.topics, carrier: this.carrier, bookingDeadlineMs: this.config.bookingDeadlineMs };
    this.infrastructure.work<ShipmentWork>({ queue: WorkQueues.bookings, handle: bookingWorker(deps) });
    this.infrastructure.work<ShipmentWork>({ queue: WorkQueues.cancellations, handle: cancellationWorker(deps) });
  }
}
