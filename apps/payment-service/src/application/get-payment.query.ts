// Query: an order's payment — its state and its history — from the write model (404 if none).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadAggregate } from '@eventshop/event-store';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
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
  history: { type: string; at: string; data: unknown }[];
}

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery, PaymentView> {
  constructor(private readonly infrastructure: ServiceInfrastructure) {}

  async execute({ orderId }: GetPaymentQuery): Promise<PaymentView> {
    const { store } = this.infrastructure;
    const streamId = paymentStreamId(orderId);
    const [{ state }, events] = await Promise.all([loadAggregate(store, streamId, paymentDecider), store.readStream(streamId)]);
    if (events.length === 0) throw new DomainError('not-found', `no payment for order ${orderId}`);
    return {
      orderId,
      status: state.status,
      amountCents: state.amountCents,
      provider: state.provider,
      voided: state.voided,
      history: events.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), data: e.data })),
    };
  }
}
