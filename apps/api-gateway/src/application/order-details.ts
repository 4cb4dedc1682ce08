// Use case: an order's details in one answer (BFF composition) — the order and its timeline from the
// read side, the payment and the shipment from their services — fetched in parallel, each upstream
// behind its own breaker. When one fails: the order (critical) falls back to its last good answer or
// fails clearly; the payment and the shipment fall back to their last good answers, then to "unknown".
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { problem, type QueryApi } from '@eventshop/contracts';
import { Breaker, LastGoodAnswers } from '@eventshop/resilience';
import { maySee, type Caller } from '../domain/caller';
import { unknownPayment, unknownShipment, type OrderDetails, type Part } from '../domain/order-details';
import { orderNotFound, orNotFound } from './not-found';
import type { OrderParts, PaymentPart, ShipmentPart } from './ports/order-parts';
import type { ReadSide } from './ports/read-side';
import { ProblemException } from './problem-exception';
import { GATEWAY_CONFIG, ORDER_PARTS, READ_SIDE } from './tokens';
import type { GatewayConfig } from '../config';

export type OrderDetailsAnswer = OrderDetails<QueryApi.OrderAnswer, PaymentPart, ShipmentPart>;

/** A 4xx of an upstream is its answer, not its failure: it neither opens the breaker nor falls back. */
const isAnswer = (error: unknown) => error instanceof ProblemException && error.problem.status < 500;

@Injectable()
export class GetOrderDetails implements OnModuleDestroy {
  private readonly breakers: {
    read: Breaker<[string], QueryApi.OrderAnswer>;
    payment: Breaker<[string], PaymentPart | null>;
    shipping: Breaker<[string], ShipmentPart | null>;
  };
  private readonly lastGood = {
    order: new LastGoodAnswers<QueryApi.OrderAnswer>(),
    payment: new LastGoodAnswers<PaymentPart | null>(),
    shipment: new LastGoodAnswers<ShipmentPart | null>(),
  };

  constructor(
    @Inject(READ_SIDE) reads: ReadSide,
    @Inject(ORDER_PARTS) parts: OrderParts,
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'breakerPolicy'>,
  ) {
    const options = { policy: config.breakerPolicy, isBusinessError: isAnswer };
    this.breakers = {
      read: new Breaker('query-service', (orderId: string) => reads.order(orderId), options),
      payment: new Breaker('payment-service', (orderId: string) => parts.payment(orderId), options),
      shipping: new Breaker('shipping-service', (orderId: string) => parts.shipment(orderId), options),
    };
  }

  async execute(caller: Caller, orderId: string): Promise<OrderDetailsAnswer> {
    const [order, payment, shipment] = await orNotFound(
      () =>
        Promise.all([
          part(orderId, () => this.breakers.read.fire(orderId), this.lastGood.order),
          part(orderId, () => this.breakers.payment.fire(orderId), this.lastGood.payment, unknownPayment),
          part(orderId, () => this.breakers.shipping.fire(orderId), this.lastGood.shipment, unknownShipment),
        ]),
      () => orderNotFound(orderId),
    );
    if (!maySee(caller, order.value.order.customerId)) throw orderNotFound(orderId);
    return { orderId, order, payment, shipment };
  }

  onModuleDestroy(): void {
    for (const breaker of Object.values(this.breakers)) breaker.shutdown();
  }
}

/**
 * One part: live when its upstream answers (remembered as the last good answer); otherwise the last
 * good answer, stale with its age; otherwise the default if the part has one; otherwise the failure.
 * An upstream's 4xx is its answer and is thrown as it is (a 404 of the order is the caller's 404).
 */
async function part<T, D = never>(key: string, live: () => Promise<T>, lastGood: LastGoodAnswers<T>, fallback?: D): Promise<Part<T | D>> {
  try {
    const value = await live();
    lastGood.remember(key, value);
    return { source: 'live', value };
  } catch (error) {
    if (isAnswer(error)) throw error;
    const because = error instanceof ProblemException ? (error.problem.detail ?? error.problem.title) : (error as Error).message;
    const remembered = lastGood.recall(key);
    if (remembered) return { source: 'cache', value: remembered.value, stale: true, ageMs: remembered.ageMs, because };
    if (fallback !== undefined) return { source: 'default', value: fallback, because };
    throw error instanceof ProblemException ? error : new ProblemException(problem(503, 'Service unavailable', because, { retryAfterSeconds: 2 }));
  }
}
