// Query: an order from the read model — its summary, its whole timeline (saga steps, compensations,
// payment, shipment) and how fresh the answer is (404 if the read model has never heard of it).
// Read-your-writes: given the consistency token of a write, it first waits (bounded) until the view
// includes that write, and otherwise answers "not yet" (503, Retry-After) — never a 404 for an order
// the write side accepted.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { consistencyPointOf, ContractViolation } from '@eventshop/contracts';
import { DomainError } from '@eventshop/event-store';
import { RetryLater } from '@eventshop/service-runtime';
import type { OrderSummary } from '../domain/order-summary';
import { compareTimelineEntries, type TimelineEntry } from '../domain/order-timeline';
import type { Freshness, OrderViewReader } from './ports/order-views';
import { ORDER_VIEW_READER, QUERY_CONFIG } from './tokens';
import type { QueryConfig } from '../config';

export class GetOrderQuery {
  constructor(
    readonly orderId: string,
    /** A write's consistency token: wait until the view includes that write. */
    readonly consistencyToken?: string,
  ) {}
}

export interface OrderAnswer {
  order: OrderSummary;
  timeline: Omit<TimelineEntry, 'orderId'>[];
  freshness: Freshness;
}

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderAnswer> {
  constructor(
    @Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader,
    @Inject(QUERY_CONFIG) private readonly config: Pick<QueryConfig, 'readYourWritesTimeoutMs'>,
  ) {}

  async execute({ orderId, consistencyToken }: GetOrderQuery): Promise<OrderAnswer> {
    if (consistencyToken !== undefined) await this.waitFor(orderId, consistencyToken);
    // Freshness first: the view read after it includes at least what it names (read at once, the view
    // could be older than a freshness that already counts a batch committed in between).
    const freshness = await this.views.freshness();
    const found = await this.views.find(orderId);
    if (!found) throw new DomainError('not-found', `no order ${orderId} in the read model (yet)`);
    const timeline = [...found.timeline].sort(compareTimelineEntries).map(({ orderId: _orderId, ...entry }) => entry);
    return { order: found.summary, timeline, freshness };
  }

  private async waitFor(orderId: string, token: string): Promise<void> {
    const point = consistencyPointOf(token);
    if (point.orderId !== orderId) {
      throw new ContractViolation('the consistency token is for another order', [{ path: 'consistencyToken', message: `it names order ${point.orderId}` }]);
    }
    const deadline = Date.now() + this.config.readYourWritesTimeoutMs;
    while (!(await this.views.hasProjected(orderId, point.sagaSequence))) {
      if (Date.now() >= deadline) throw new RetryLater(`the read side has not caught up with order ${orderId} yet; ask again shortly`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
