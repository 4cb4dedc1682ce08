// What an order does with each command: placed once; priced once; ended once (a late ending is ignored).
import { DomainError } from '@eventshop/event-store';
import type { OrderLine, PricedLine, ShippingAddress } from '@eventshop/contracts';
import { evolveOrder, initialOrderState, isTerminal, type OrderEvent, type OrderState } from './order';

export type OrderCommand =
  | { type: 'PlaceOrder'; orderId: string; customerId: string; lines: OrderLine[]; shippingAddress: ShippingAddress }
  | { type: 'PriceOrder'; orderId: string; lines: PricedLine[]; totalCents: number }
  | { type: 'CompleteOrder'; orderId: string }
  | { type: 'CompensateOrder'; orderId: string; reason: string }
  | { type: 'FailCompensation'; orderId: string; reason: string };

export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  const { orderId } = command;
  if (command.type === 'PlaceOrder') {
    if (state.status !== 'NONE') throw new DomainError('conflict', `order ${orderId} exists already`);
    const { customerId, lines, shippingAddress } = command;
    return [{ type: 'OrderPlaced', data: { orderId, customerId, lines, shippingAddress } }];
  }
  if (state.status === 'NONE') throw new DomainError('not-found', `no order ${orderId}`);
  switch (command.type) {
    case 'PriceOrder':
      return state.totalCents === undefined ? [{ type: 'OrderPriced', data: { orderId, lines: command.lines, totalCents: command.totalCents } }] : [];
    case 'CompleteOrder':
      return state.status === 'PENDING' ? [{ type: 'OrderCompleted', data: { orderId } }] : [];
    case 'CompensateOrder':
      return state.status === 'PENDING' || state.status === 'COMPENSATION_FAILED'
        ? [{ type: 'OrderCompensated', data: { orderId, reason: command.reason } }]
        : [];
    case 'FailCompensation':
      return isTerminal(state.status) || state.status === 'COMPENSATION_FAILED'
        ? []
        : [{ type: 'OrderCompensationFailed', data: { orderId, reason: command.reason } }];
    default:
      return unknownCommand(command);
  }
}

function unknownCommand(command: never): never {
  throw new Error(`unknown order command ${JSON.stringify(command)}`);
}

/** The order aggregate, as the event store's command handler and the specifications take it. */
export const orderDecider = { decide: decideOrder, evolve: evolveOrder, initialState: initialOrderState };
