// The query API's orders: an order's summary and timeline from the read model, with its freshness.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import { z } from 'zod';
import { GetOrderQuery, type OrderAnswer } from '../../application/get-order.query';

const orderQuery = z.object({ consistencyToken: z.string().min(1).max(500).optional() });

@Controller('orders')
export class OrdersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  order(@ZodParam('orderId', orderId) id: string, @ZodQuery(orderQuery) query: z.infer<typeof orderQuery>): Promise<OrderAnswer> {
    return this.queries.execute(new GetOrderQuery(id, query.consistencyToken));
  }
}
