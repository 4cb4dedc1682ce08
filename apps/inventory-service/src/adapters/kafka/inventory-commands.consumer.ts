// inventory.commands -> the use case: each saga command, validated by its contract, becomes a command
// on the order's stock; a batch of them is carried out together in the inbox transaction.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Commands, MessageCatalog, type DataOf } from '@eventshop/contracts';
import { EventStore } from '@eventshop/event-store';
import { Outbox, type InboundMessage } from '@eventshop/messaging';
import { ServiceInfrastructure, type ConsumerSpec, type ParticipantContext } from '@eventshop/service-runtime';
import { reservationStreamId } from '../../domain/order-reservation';
import type { ReservationCommand } from '../../domain/order-reservation.decide';
import type { InventoryTopics } from '../../application/inventory-topics';
import { carryOutOrderStockCommands } from '../../application/order-stock-command';
import { INVENTORY_TOPICS } from '../../application/tokens';

function reservationCommandOf(message: InboundMessage): ReservationCommand {
  switch (message.type) {
    case Commands.ReserveStock.type: {
      const data = message.data as DataOf<typeof Commands.ReserveStock>;
      return { type: 'ReserveOrderStock', orderId: data.orderId, lines: data.lines };
    }
    case Commands.ReleaseStock.type:
      return { type: 'ReleaseOrderStock', orderId: (message.data as DataOf<typeof Commands.ReleaseStock>).orderId };
    case Commands.CommitStock.type:
      return { type: 'CommitOrderStock', orderId: (message.data as DataOf<typeof Commands.CommitStock>).orderId };
    default:
      throw new Error(`inventory has no handler for ${message.type}`); // the catalogue lets only the above through
  }
}

export function inventoryCommandsConsumer(ctx: ParticipantContext): ConsumerSpec {
  return {
    name: 'commands',
    topics: [ctx.topics.commands],
    contracts: new MessageCatalog().add(ctx.topics.commands, Commands.ReserveStock, Commands.ReleaseStock, Commands.CommitStock),
    // A batch at once: its orders' reservations locked in one sorted call, then their products in
    // another — orders on different partitions lock the same products without deadlocking.
    // Each command's reservation, locked as the batch is recorded in the inbox; its products after.
    locksFirst: (messages) => messages.map((message) => reservationStreamId(reservationCommandOf(message).orderId)),
    handleBatch: (messages, tx) =>
      carryOutOrderStockCommands(
        ctx,
        tx,
        messages.map((message) => ({ command: reservationCommandOf(message), options: { correlationId: message.correlationId, causedBy: message } })),
      ),
  };
}

/** Registers the consumer with the service's infrastructure, which starts it with the others. */
@Injectable()
export class InventoryCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(INVENTORY_TOPICS) private readonly topics: InventoryTopics,
  ) {}

  onModuleInit(): void {
    this.infrastructure.consume(inventoryCommandsConsumer({ store: this.store, outbox: this.outbox, topics: this.topics }));
  }
}
