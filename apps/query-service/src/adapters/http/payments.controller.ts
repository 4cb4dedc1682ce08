// The query API's payments ledger: the charges and refunds of a customer's orders, or of one order.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { paymentsFilter } from '@eventshop/contracts';
import { ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import { PaymentsQuery, type PaymentsLedger } from '../../application/payments.query';

@Controller('payments')
export class PaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  ledger(@ZodQuery(paymentsFilter) query: z.infer<typeof paymentsFilter>): Promise<PaymentsLedger> {
    return this.queries.execute(new PaymentsQuery(query));
  }
}
