// Use case: place an order through the gateway. A customer places orders for themselves only; the
// order service decides the rest (validation, idempotency by key) and its answer is passed on.
import { Inject, Injectable } from '@nestjs/common';
import { problem, type PlaceOrderBody } from '@eventshop/contracts';
import { mayOrderFor, type Caller } from '../domain/caller';
import { ProblemException } from './problem-exception';
import type { Answer, OrderAccepted, OrderCommands } from './ports/write-side';
import { ORDER_COMMANDS } from './tokens';

@Injectable()
export class PlaceOrder {
  constructor(@Inject(ORDER_COMMANDS) private readonly orders: OrderCommands) {}

  execute(caller: Caller, idempotencyKey: string, body: PlaceOrderBody): Promise<Answer<OrderAccepted>> {
    if (!mayOrderFor(caller, body.customerId)) {
      const refusal = problem(403, 'Forbidden', 'a customer places orders for themselves only', {
        errors: [{ field: 'customerId', message: `must be your own customer id (${caller.customerId})` }],
      });
      throw new ProblemException(refusal);
    }
    return this.orders.place(idempotencyKey, body);
  }
}
