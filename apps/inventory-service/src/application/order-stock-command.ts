// Use case: saga commands on orders' stock (reserve, release, commit), a batch at a time in the inbox
// transaction: each stock decision, its reply to the saga and its public facts all commit together
// (or not at all).
import type { ParticipantContext } from '@eventshop/service-runtime';
import type { EnvelopeOptions } from '@eventshop/contracts';
import type { Transaction } from '@eventshop/event-store';
import type { ReservationCommand } from '../domain/order-reservation.decide';
import { handleOrderStockBatch } from './order-stock';
import { orderStockFacts, orderStockReply } from './order-stock-messages';

/** A command on an order's stock, with the envelope options of the messages it causes (correlation, cause, trace). */
export interface OrderStockRequest {
  command: ReservationCommand;
  options: EnvelopeOptions;
}

export async function carryOutOrderStockCommands(ctx: ParticipantContext, tx: Transaction, requests: OrderStockRequest[]): Promise<void> {
  const outcomes = await handleOrderStockBatch(
    ctx.store,
    tx,
    requests.map((r) => r.command),
  );
  await ctx.outbox.enqueue(
    tx,
    outcomes.flatMap((outcome, i) => {
      const { command, options } = requests[i];
      return [orderStockReply(command, outcome, ctx.topics, options), ...orderStockFacts(outcome, ctx.topics, options)];
    }),
  );
}
