// Use cases: read one order, or a customer's orders, from the read side — only the caller's own
// (an admin's: anyone's). Another customer's order is the same 404 as one that does not exist.
import { Inject, Injectable } from '@nestjs/common';
import type { QueryApi } from '@eventshop/contracts';
import { maySee, type Caller } from '../domain/caller';
import { customerNotFound, orderNotFound, orNotFound } from './not-found';
import type { ReadSide } from './ports/read-side';
import { READ_SIDE } from './tokens';

@Injectable()
export class ReadOrders {
  constructor(@Inject(READ_SIDE) private readonly reads: ReadSide) {}

  async order(caller: Caller, orderId: string, consistencyToken?: string): Promise<QueryApi.OrderAnswer> {
    const answer = await orNotFound(
      () => this.reads.order(orderId, consistencyToken),
      () => orderNotFound(orderId),
    );
    if (!maySee(caller, answer.order.customerId)) throw orderNotFound(orderId);
    return answer;
  }

  async ofCustomer(caller: Caller, request: QueryApi.CustomerOrdersRequest): Promise<QueryApi.CustomerOrdersPage> {
    if (!maySee(caller, request.customerId)) throw customerNotFound(request.customerId);
    return this.reads.customerOrders(request);
  }
}
