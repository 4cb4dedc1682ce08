// What a product does with each command. Refusals throw DomainError. Reserving, releasing and
// committing only count stock: the order's reservation decides whether an order's command was carried
// out already (order-reservation.decide.ts), which is how a redelivered command stays harmless.
import { DomainError } from '@eventshop/event-store';
import { canReserve, evolveProduct, initialProductState, productExists, type ProductEvent, type ProductState } from './product';

export type ProductCommand =
  | { type: 'CreateProduct'; sku: string; name: string; priceCents: number; quantity: number }
  | { type: 'RestockProduct'; sku: string; quantity: number }
  | { type: 'ReserveStock'; sku: string; orderId: string; quantity: number }
  | { type: 'ReleaseStock'; sku: string; orderId: string; quantity: number }
  | { type: 'CommitStock'; sku: string; orderId: string; quantity: number };

export function decideProduct(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'CreateProduct':
      return create(command, state);
    case 'RestockProduct':
      return [{ type: 'ProductRestocked', data: { sku: existing(state, command.sku).sku, quantity: command.quantity } }];
    case 'ReserveStock':
      return reserve(command, state);
    case 'ReleaseStock':
      return release(command, state);
    case 'CommitStock':
      return commit(command, state);
    default:
      return unknownCommand(command);
  }
}

function create(command: Extract<ProductCommand, { type: 'CreateProduct' }>, state: ProductState): ProductEvent[] {
  if (productExists(state)) throw new DomainError('conflict', `product ${command.sku} already exists`, { sku: command.sku });
  const { sku, name, priceCents, quantity } = command;
  return [{ type: 'ProductCreated', data: { sku, name, priceCents, quantity } }];
}

function reserve(command: Extract<ProductCommand, { type: 'ReserveStock' }>, state: ProductState): ProductEvent[] {
  const { sku, orderId, quantity } = command;
  const check = canReserve(state, sku, quantity);
  if (!check.ok) throw new DomainError(check.code, check.reason, { sku });
  return [{ type: 'StockReserved', data: { sku, orderId, quantity, unitPriceCents: state.priceCents } }];
}

function release(command: Extract<ProductCommand, { type: 'ReleaseStock' }>, state: ProductState): ProductEvent[] {
  const { sku, orderId, quantity } = command;
  holding(existing(state, sku), command);
  return [{ type: 'StockReleased', data: { sku, orderId, quantity } }];
}

function commit(command: Extract<ProductCommand, { type: 'CommitStock' }>, state: ProductState): ProductEvent[] {
  const { sku, orderId, quantity } = command;
  holding(existing(state, sku), command);
  return [{ type: 'StockCommitted', data: { sku, orderId, quantity } }];
}

/** Guards the counts: never release or commit more than is reserved. */
function holding(product: ProductState, command: { sku: string; orderId: string; quantity: number }): void {
  if (product.reserved < command.quantity) {
    throw new DomainError('conflict', `only ${product.reserved} of ${command.sku} reserved, order ${command.orderId} holds ${command.quantity}`, {
      sku: command.sku,
    });
  }
}

function existing(state: ProductState, sku: string) {
  if (!productExists(state)) throw new DomainError('not-found', `no product ${sku}`, { sku });
  return state;
}

function unknownCommand(command: never): never {
  throw new Error(`unknown product command ${JSON.stringify(command)}`);
}

/** The product aggregate, as the event store's command handler and the specifications take it. */
export const productDecider = { decide: decideProduct, evolve: evolveProduct, initialState: initialProductState };
