// Use case: a saga command on an order's stock (reserve, release, commit), in the inbox transaction:
// the stock decision, its reply to the saga and its public facts all commit together (or not at all).
import type { ParticipantContext } from '@eventshop/service-runtime';
import type { EnvelopeOptions } from '@eventshop/contracts';
import type { Transaction } from '@eventshop/event-store';
import type { ReservationCommand } from '../domain/order-reservation.decide';
import { handleOrderStock } from './order-stock';
import { orderStockFacts, orderStockReply } from './order-stock-messages';

export async function carryOutOrderStockCommand(
  ctx: ParticipantContext,
  tx: Transaction,
  command: ReservationCommand,
  options: EnvelopeOptions,
): Promise<void> {
  const outcome = await handleOrderStock(ctx.store, tx, command);
  await ctx.outbox.enqueue(tx, [orderStockReply(command, outcome, ctx.topics, options), ...orderStockFacts(outcome, ctx.topics, options)]);
}
