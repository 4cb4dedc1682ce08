// The query API's customers: a customer's orders, newest first, a page at a time.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ZodParam, ZodQuery } from '@eventshop/service-runtime';
import { z } from 'zod';
import { CustomerOrdersQuery, type CustomerOrdersPage } from '../../application/customer-orders.query';

const customerId = z.string().trim().min(1).max(100);
const customerOrdersQuery = z
  .object({
    status: z.enum(['PENDING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

@Controller('customers')
export class CustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':customerId/orders')
  orders(
    @ZodParam('customerId', customerId) id: string,
    @ZodQuery(customerOrdersQuery) query: z.infer<typeof customerOrdersQuery>,
  ): Promise<CustomerOrdersPage> {
    return this.queries.execute(new CustomerOrdersQuery({ customerId: id, ...query }));
  }
}
