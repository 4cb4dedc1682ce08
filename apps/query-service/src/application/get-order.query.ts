// Query: an order from the read model — its summary, its whole timeline (saga steps, compensations,
// payment, shipment) and how fresh the answer is (404 if the read model has never heard of it).
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@eventshop/event-store';
import type { OrderSummary } from '../domain/order-summary';
import { compareTimelineEntries, type TimelineEntry } from '../domain/order-timeline';
import type { Freshness, OrderViewReader } from './ports/order-views';
import { ORDER_VIEW_READER } from './tokens';

export class GetOrderQuery {
  constructor(readonly orderId: string) {}
}

export interface OrderAnswer {
  order: OrderSummary;
  timeline: Omit<TimelineEntry, 'orderId'>[];
  freshness: Freshness;
}

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderAnswer> {
  constructor(@Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderAnswer> {
    const [found, freshness] = await Promise.all([this.views.find(orderId), this.views.freshness()]);
    if (!found) throw new DomainError('not-found', `no order ${orderId} in the read model (yet)`);
    const timeline = [...found.timeline].sort(compareTimelineEntries).map(({ orderId: _orderId, ...entry }) => entry);
    return { order: found.summary, timeline, freshness };
  }
}
