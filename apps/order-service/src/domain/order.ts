// An order as the customer sees it: placed (PENDING), priced when stock is reserved, then COMPLETED,
// COMPENSATED (with the reason) or COMPENSATION_FAILED. The saga that drives it keeps its own stream.
import type { OrderLine, PricedLine, ShippingAddress } from '@eventshop/contracts';

export type OrderEvent =
  | { type: 'OrderPlaced'; data: { orderId: string; customerId: string; lines: OrderLine[]; shippingAddress: ShippingAddress } }
  | { type: 'OrderPriced'; data: { orderId: string; lines: PricedLine[]; totalCents: number } }
  | { type: 'OrderCompleted'; data: { orderId: string } }
  | { type: 'OrderCompensated'; data: { orderId: string; reason: string } }
  | { type: 'OrderCompensationFailed'; data: { orderId: string; reason: string } };

export type OrderStatus = 'NONE' | 'PENDING' | 'COMPLETED' | 'COMPENSATED' | 'COMPENSATION_FAILED';

export interface OrderState {
  status: OrderStatus;
  orderId?: string;
  customerId?: string;
  lines: OrderLine[];
  pricedLines?: PricedLine[];
  totalCents?: number;
  failureReason?: string;
}

export const initialOrderState = (): OrderState => ({ status: 'NONE', lines: [] });

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { ...state, status: 'PENDING', orderId: event.data.orderId, customerId: event.data.customerId, lines: event.data.lines };
    case 'OrderPriced':
      return { ...state, pricedLines: event.data.lines, totalCents: event.data.totalCents };
    case 'OrderCompleted':
      return { ...state, status: 'COMPLETED' };
    case 'OrderCompensated':
      return { ...state, status: 'COMPENSATED', failureReason: event.data.reason };
    case 'OrderCompensationFailed':
      return { ...state, status: 'COMPENSATION_FAILED', failureReason: event.data.reason };
  }
}

export const orderStreamId = (orderId: string) => `order-${orderId}`;
export const isTerminal = (status: OrderStatus) => status === 'COMPLETED' || status === 'COMPENSATED';
