// The query API's orders: an order's summary and timeline from the read model, with its freshness.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodParam } from '@eventshop/service-runtime';
import { GetOrderQuery, type OrderAnswer } from '../../application/get-order.query';

@Controller('orders')
export class OrdersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  order(@ZodParam('orderId', orderId) id: string): Promise<OrderAnswer> {
    return this.queries.execute(new GetOrderQuery(id));
  }
}
