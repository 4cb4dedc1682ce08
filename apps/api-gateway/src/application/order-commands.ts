// Use cases: cancel an order (its owner, or an admin) and resume a parked saga (an admin). Ownership
// is asked of the write side, which knows an order the moment it is accepted.
import { Inject, Injectable } from '@nestjs/common';
import { maySee, type Caller } from '../domain/caller';
import { orderNotFound } from './not-found';
import type { Answer, OrderCommands } from './ports/write-side';
import { ORDER_COMMANDS } from './tokens';

@Injectable()
export class CancelOrder {
  constructor(@Inject(ORDER_COMMANDS) private readonly orders: OrderCommands) {}

  async execute(caller: Caller, orderId: string): Promise<Answer> {
    if (!maySee(caller, await this.orders.ownerOf(orderId))) throw orderNotFound(orderId);
    return this.orders.cancel(orderId);
  }
}

@Injectable()
export class ResumeSaga {
  constructor(@Inject(ORDER_COMMANDS) private readonly orders: OrderCommands) {}

  /** Admins only (the controller lets no one else in). */
  execute(orderId: string): Promise<Answer> {
    return this.orders.resumeSaga(orderId);
  }
}
