// shipping.commands -> the use cases: RequestShipping and CancelShipment, each validated by its
// contract, carried out in the inbox transaction (the effect and the inbox record commit together). A
// shipment's first booking is tried just before that transaction, outside it (bookAtOnce).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Commands } from '@eventshop/contracts';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { commandConsumer, handling, ServiceInfrastructure } from '@eventshop/service-runtime';
import { cancelShipment } from '../../application/cancel-shipment';
import type { Carrier } from '../../application/ports/carrier';
import { bookAtOnce, requestShipping } from '../../application/request-shipping';
import type { ShippingTopics } from '../../application/shipping-topics';
import { CARRIER, SHIPPING_TOPICS } from '../../application/tokens';
import type { BookingResult } from '../../domain/shipment.decide';

@Injectable()
export class ShippingCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(SHIPPING_TOPICS) private readonly topics: ShippingTopics,
    @Inject(CARRIER) private readonly carrier: Carrier,
  ) {}

  onModuleInit(): void {
    const ctx = { store: this.store, outbox: this.outbox, topics: this.topics };
    this.infrastructure.consume(
      commandConsumer(this.topics.commands, [
        handling(
          Commands.RequestShipping,
          (tx, data, route, answer?: BookingResult) => requestShipping(ctx, tx, data, route, answer),
          (data) => bookAtOnce({ store: this.store, carrier: this.carrier }, data),
        ),
        handling(Commands.CancelShipment, (tx, data, route) => cancelShipment(ctx, tx, data, route)),
      ]),
    );
  }
}
