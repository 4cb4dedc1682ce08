// /api/v1/customers/:customerId/orders: a customer's orders from the read side, newest first, a page
// at a time — one's own only (an admin: anyone's).
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { customerId, customerOrdersFilter, type QueryApi } from '@eventshop/contracts';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import type { Caller } from '../../domain/caller';
import { ReadOrders } from '../../application/read-orders';
import { CurrentCaller } from '../auth/access.decorators';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly readOrders: ReadOrders) {}

  @Get(':customerId/orders')
  orders(
    @CurrentCaller() caller: Caller,
    @ZodParam('customerId', customerId) id: string,
    @ZodQuery(customerOrdersFilter) filter: z.infer<typeof customerOrdersFilter>,
  ): Promise<QueryApi.CustomerOrdersPage> {
    return this.readOrders.ofCustomer(caller, { customerId: id, ...filter });
  }
}
