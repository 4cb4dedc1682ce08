// shipping.commands -> the use cases: RequestShipping and CancelShipment, each validated by its
// contract, carried out in the inbox transaction (the effect and the inbox record commit together).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Commands } from '@eventshop/contracts';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { commandConsumer, handling, ServiceInfrastructure } from '@eventshop/service-runtime';
import { cancelShipment } from '../../application/cancel-shipment';
import { requestShipping } from '../../application/request-shipping';
import type { ShippingTopics } from '../../application/shipping-topics';
import { SHIPPING_TOPICS } from '../../application/tokens';

@Injectable()
export class ShippingCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(SHIPPING_TOPICS) private readonly topics: ShippingTopics,
  ) {}

  onModuleInit(): void {
    const ctx = { store: this.store, outbox: this.outbox, topics: this.topics };
    this.infrastructure.consume(
      commandConsumer(this.topics.commands, [
        handling(Commands.RequestShipping, (tx, data, route) => requestShipping(ctx, tx, data, route)),
        handling(Commands.CancelShipment, (tx, data, route) => cancelShipment(ctx, tx, data, route)),
      ]),
    );
  }
}
