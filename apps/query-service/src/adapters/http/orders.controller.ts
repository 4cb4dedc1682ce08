// The query API's orders: an order's summary and timeline from the read model, with its freshness;
// and live changes as Server-Sent Events — of all orders (for the dashboard) or of one — resumable with
// Last-Event-ID (410 Gone when that is older than what the feed keeps), or from now on (?from=now).
import { Controller, Get, Headers, Inject, Sse, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import { followOrderChanges } from '../../application/follow-order-changes';
import { GetOrderQuery, type OrderAnswer } from '../../application/get-order.query';
import type { OrderChangeFeed } from '../../application/ports/order-views';
import { ORDER_CHANGE_BROADCAST, ORDER_CHANGE_FEED } from '../../application/tokens';
import type { OrderChangeBroadcast } from '../../application/order-change-broadcast';
import { orderRequest, streamQuery, type StreamQuery } from '../read-requests';
import { orderChangeEvents } from './order-change-event';

const orderQuery = orderRequest.pick({ consistencyToken: true });

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(ORDER_CHANGE_FEED) private readonly feed: OrderChangeFeed,
    @Inject(ORDER_CHANGE_BROADCAST) private readonly broadcast: OrderChangeBroadcast,
  ) {}

  // Declared before ':orderId' so that 'stream' is not taken for an order id.
  @Sse('stream')
  allChanges(@ZodQuery(streamQuery) query: StreamQuery, @Headers('last-event-id') lastEventId?: string): Promise<Observable<MessageEvent>> {
    return orderChangeEvents(followOrderChanges(this.feed, this.broadcast, { after: lastEventId, fromNow: query.from === 'now' }));
  }

  @Sse(':orderId/stream')
  orderChanges(
    @ZodParam('orderId', orderId) id: string,
    @ZodQuery(streamQuery) query: StreamQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    return orderChangeEvents(followOrderChanges(this.feed, this.broadcast, { after: lastEventId, fromNow: query.from === 'now', orderId: id }));
  }

  @Get(':orderId')
  order(@ZodParam('orderId', orderId) id: string, @ZodQuery(orderQuery) query: z.infer<typeof orderQuery>): Promise<OrderAnswer> {
    return this.queries.execute(new GetOrderQuery(id, query.consistencyToken));
  }
}
