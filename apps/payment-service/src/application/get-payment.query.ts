// Query: an order's payment — its state and its history — from the write model (404 if none).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, EventStore, loadWithHistory, type HistoryEntry } from '@eventshop/event-store';
import { paymentStreamId } from '../domain/payment';
import { paymentDecider } from '../domain/payment.decide';

export class GetPaymentQuery {
  constructor(readonly orderId: string) {}
}

export interface PaymentView {
  orderId: string;
  status: string;
  amountCents: number;
  provider?: string;
  voided: boolean;
  history: HistoryEntry[];
}

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery, PaymentView> {
  constructor(private readonly store: EventStore) {}

  async execute({ orderId }: GetPaymentQuery): Promise<PaymentView> {
    const payment = await loadWithHistory(this.store, paymentStreamId(orderId), paymentDecider);
    if (!payment) throw new DomainError('not-found', `no payment for order ${orderId}`);
    const { status, amountCents, provider, voided } = payment.state;
    return { orderId, status, amountCents, provider, voided, history: payment.history };
  }
}
