// The query API's payments ledger: the charges and refunds of a customer's orders, or of one order.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodQuery } from '@eventshop/service-runtime';
import { z } from 'zod';
import { PaymentsQuery, type PaymentsLedger } from '../../application/payments.query';

const paymentsQuery = z
  .object({ customerId: z.string().trim().min(1).max(100).optional(), orderId: orderId.optional() })
  .refine((q) => (q.customerId === undefined) !== (q.orderId === undefined), {
    message: 'give a customerId or an orderId (one of them)',
    path: ['customerId'],
  });

@Controller('payments')
export class PaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  ledger(@ZodQuery(paymentsQuery) query: z.infer<typeof paymentsQuery>): Promise<PaymentsLedger> {
    return this.queries.execute(new PaymentsQuery(query));
  }
}
