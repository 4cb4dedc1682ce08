// Saga commands from inventory.commands, handled in the inbox transaction: the stock decision, its
// reply to the saga and its public facts all commit together (or not at all).
import type { EventStore } from '@eventshop/event-store';
import type { InboundMessage, MessageHandler, Outbox } from '@eventshop/messaging';
import type { Commands, DataOf } from '@eventshop/contracts';
import type { ReservationCommand } from '../../domain/order-reservation.decide';
import type { InventoryTopics } from '../../application/inventory-topics';
import { handleOrderStock } from '../../application/order-stock.handler';
import { orderStockFacts, replyTo } from '../../application/outgoing-messages';

function reservationCommandOf(message: InboundMessage): ReservationCommand {
  switch (message.type) {
    case 'ReserveStock': {
      const data = message.data as DataOf<typeof Commands.ReserveStock>;
      return { type: 'ReserveOrderStock', orderId: data.orderId, lines: data.lines };
    }
    case 'ReleaseStock':
      return { type: 'ReleaseOrderStock', orderId: (message.data as DataOf<typeof Commands.ReleaseStock>).orderId };
    case 'CommitStock':
      return { type: 'CommitOrderStock', orderId: (message.data as DataOf<typeof Commands.CommitStock>).orderId };
    default:
      throw new Error(`inventory has no handler for ${message.type}`); // the catalogue lets only the above through
  }
}

export function inventoryCommandsHandler(store: EventStore, outbox: Outbox, topics: InventoryTopics): MessageHandler {
  return async (message, tx) => {
    const command = reservationCommandOf(message);
    const outcome = await handleOrderStock(store, tx, command);
    const options = { correlationId: message.correlationId, causedBy: message };
    await outbox.enqueue(tx, [replyTo(command, outcome, topics, options), ...orderStockFacts(outcome, topics, options)]);
  };
}
