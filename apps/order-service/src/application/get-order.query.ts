// Query: an order as the public contract shows it — status, items with their prices, total, failure
// reason — with its saga's steps, read from the write model (404 if none).
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadAggregate } from '@eventshop/event-store';
import { orderStreamId, type OrderStatus } from '../domain/order';
import { orderDecider } from '../domain/order.decide';
import type { OrderContext } from './order-context';
import { ORDER_CONTEXT } from './tokens';

export interface OrderView {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  items: { sku: string; quantity: number; unitPriceCents?: number }[];
  totalCents?: number;
  failureReason?: string;
  steps: { step: string; event: string; at: string; attempt?: number; reason?: string }[];
}

export async function getOrder(ctx: Pick<OrderContext, 'store' | 'saga'>, orderId: string): Promise<OrderView> {
  const { state } = await loadAggregate(ctx.store, orderStreamId(orderId), orderDecider);
  if (state.status === 'NONE' || !state.orderId || !state.customerId) throw new DomainError('not-found', `no order ${orderId}`);
  const sagaEvents = await ctx.store.readStream(ctx.saga.streamId(orderId));
  const priced = new Map(state.pricedLines?.map((l) => [l.sku, l.unitPriceCents]));
  return {
    orderId,
    customerId: state.customerId,
    status: state.status,
    items: state.lines.map((l) => ({ ...l, unitPriceCents: priced.get(l.sku) })),
    totalCents: state.totalCents,
    failureReason: state.failureReason,
    steps: sagaEvents.map((e) => {
      // Saga events name their step (and attempt, reason) where they have one; the rest are the saga's own.
      const data = e.data as { step?: string; attempt?: number; reason?: string };
      return { step: data.step ?? 'saga', event: e.type, at: e.createdAt.toISOString(), attempt: data.attempt, reason: data.reason };
    }),
  };
}

export class GetOrderQuery {
  constructor(readonly orderId: string) {}
}

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(@Inject(ORDER_CONTEXT) private readonly ctx: OrderContext) {}

  execute({ orderId }: GetOrderQuery): Promise<OrderView> {
    return getOrder(this.ctx, orderId);
  }
}
