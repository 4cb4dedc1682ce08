// The query API's customers: a customer's orders, newest first, a page at a time.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import { customerId, customerOrdersFilter } from '../read-requests';
import { CustomerOrdersQuery, type CustomerOrdersPage } from '../../application/customer-orders.query';

@Controller('customers')
export class CustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':customerId/orders')
  orders(
    @ZodParam('customerId', customerId) id: string,
    @ZodQuery(customerOrdersFilter) query: z.infer<typeof customerOrdersFilter>,
  ): Promise<CustomerOrdersPage> {
    return this.queries.execute(new CustomerOrdersQuery({ customerId: id, ...query }));
  }
}
