// Query: a customer's orders from the read model, newest first, a page at a time (an opaque cursor
// names where the next page starts, so pages stay stable while new orders arrive), filtered by status
// and by the time they were placed.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ContractViolation } from '@eventshop/contracts';
import type { OrderSummary } from '../domain/order-summary';
import type { CustomerOrdersFilter, Freshness, OrderPageCursor, OrderViewReader } from './ports/order-views';
import { ORDER_VIEW_READER } from './tokens';

export class CustomerOrdersQuery {
  constructor(readonly filter: Omit<CustomerOrdersFilter, 'after'> & { cursor?: string }) {}
}

export interface CustomerOrdersPage {
  orders: OrderSummary[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  freshness: Freshness;
}

export const encodeCursor = (at: OrderPageCursor) => Buffer.from(JSON.stringify([at.placedAt, at.orderId])).toString('base64url');

export function decodeCursor(cursor: string): OrderPageCursor {
  try {
    const [placedAt, orderId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof placedAt === 'string' && typeof orderId === 'string' && !Number.isNaN(Date.parse(placedAt))) return { placedAt, orderId };
  } catch {
    // falls through to the refusal below
  }
  throw new ContractViolation('invalid cursor', [{ path: 'cursor', message: 'not a cursor this API gave out' }]);
}

@QueryHandler(CustomerOrdersQuery)
export class CustomerOrdersHandler implements IQueryHandler<CustomerOrdersQuery, CustomerOrdersPage> {
  constructor(@Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader) {}

  async execute({ filter }: CustomerOrdersQuery): Promise<CustomerOrdersPage> {
    const { cursor, ...rest } = filter;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One more than asked tells whether a next page exists.
    const [found, freshness] = await Promise.all([this.views.listForCustomer({ ...rest, after, limit: rest.limit + 1 }), this.views.freshness()]);
    const orders = found.slice(0, rest.limit);
    const last = orders[orders.length - 1];
    const nextCursor = found.length > rest.limit && last?.placedAt ? encodeCursor({ placedAt: last.placedAt, orderId: last.orderId }) : undefined;
    return { orders, nextCursor, freshness };
  }
}
