// Query: the payments ledger — every charge and refund of a customer's orders, or of one order — with
// its totals and how fresh it is.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Freshness, OrderViewReader, PaymentLine } from './ports/order-views';
import { ORDER_VIEW_READER } from './tokens';

export class PaymentsQuery {
  constructor(readonly filter: { customerId?: string; orderId?: string }) {}
}

export interface PaymentsLedger {
  payments: PaymentLine[];
  totals: { chargedCents: number; refundedCents: number; netCents: number };
  freshness: Freshness;
}

@QueryHandler(PaymentsQuery)
export class PaymentsHandler implements IQueryHandler<PaymentsQuery, PaymentsLedger> {
  constructor(@Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader) {}

  async execute({ filter }: PaymentsQuery): Promise<PaymentsLedger> {
    const [payments, freshness] = await Promise.all([this.views.payments(filter), this.views.freshness()]);
    const chargedCents = payments.filter((p) => p.status === 'charged').reduce((sum, p) => sum + p.amountCents, 0);
    const refundedCents = payments.reduce((sum, p) => sum + p.refundedCents, 0);
    return { payments, totals: { chargedCents, refundedCents, netCents: chargedCents - refundedCents }, freshness };
  }
}
