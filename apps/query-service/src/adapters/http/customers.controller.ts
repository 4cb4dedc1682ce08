// The query API's customers: a customer's orders, newest first, a page at a time; and their changes
// live (Server-Sent Events, resumable with Last-Event-ID, or from now on with ?from=now).
import { Controller, Get, Headers, Inject, Sse, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { QueryBus } from '@nestjs/cqrs';
import { customerId, customerOrdersFilter } from '@eventshop/contracts';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import { streamQuery, type StreamQuery } from '../read-requests';
import { orderChangeEvents } from './order-change-event';
import { followOrderChanges } from '../../application/follow-order-changes';
import type { OrderChangeFeed } from '../../application/ports/order-views';
import { ORDER_CHANGE_BROADCAST, ORDER_CHANGE_FEED } from '../../application/tokens';
import type { OrderChangeBroadcast } from '../../application/order-change-broadcast';
import { CustomerOrdersQuery, type CustomerOrdersPage } from '../../application/customer-orders.query';

@Controller('customers')
export class CustomersController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(ORDER_CHANGE_FEED) private readonly feed: OrderChangeFeed,
    @Inject(ORDER_CHANGE_BROADCAST) private readonly broadcast: OrderChangeBroadcast,
  ) {}

  @Sse(':customerId/orders/stream')
  changes(
    @ZodParam('customerId', customerId) id: string,
    @ZodQuery(streamQuery) query: StreamQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    return orderChangeEvents(followOrderChanges(this.feed, this.broadcast, { after: lastEventId, fromNow: query.from === 'now', customerId: id }));
  }

  @Get(':customerId/orders')
  orders(
    @ZodParam('customerId', customerId) id: string,
    @ZodQuery(customerOrdersFilter) query: z.infer<typeof customerOrdersFilter>,
  ): Promise<CustomerOrdersPage> {
    return this.queries.execute(new CustomerOrdersQuery({ customerId: id, ...query }));
  }
}
