// Use case: follow orders live — one order (its owner or an admin; from its first change, so the
// timeline fills in from the start), all of the caller's orders, or (an admin) every order, from now
// on. Another customer's order is refused exactly like one that does not exist.
import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { maySee, type Caller } from '../domain/caller';
import { orderNotFound } from './not-found';
import type { LiveChange, LiveChanges } from './ports/live-changes';
import type { OrderCommands } from './ports/write-side';
import { LIVE_CHANGES, ORDER_COMMANDS } from './tokens';

/** What a subscriber asks for: one order, or every order it may see ("mine": its own; an admin's: all). */
export type Subscription = { orderId: string } | { mine: true };

@Injectable()
export class FollowOrders {
  constructor(
    @Inject(LIVE_CHANGES) private readonly live: LiveChanges,
    @Inject(ORDER_COMMANDS) private readonly orders: OrderCommands,
  ) {}

  async execute(caller: Caller, subscription: Subscription): Promise<Observable<LiveChange>> {
    if ('orderId' in subscription) {
      const { orderId } = subscription;
      if (!maySee(caller, await this.orders.ownerOf(orderId))) throw orderNotFound(orderId);
      return this.live.follow({ orderId });
    }
    return this.live.follow(caller.role === 'admin' ? { everyOrder: true } : { customerId: caller.customerId });
  }
}
