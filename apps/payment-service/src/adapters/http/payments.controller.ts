// The payment HTTP API of the public contract: read an order's payment.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodParam } from '@eventshop/service-runtime';
import { GetPaymentQuery, type PaymentView } from '../../application/get-payment.query';

@Controller('payments')
export class PaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  payment(@ZodParam('orderId', orderId) id: string): Promise<PaymentView> {
    return this.queries.execute(new GetPaymentQuery(id));
  }
}
