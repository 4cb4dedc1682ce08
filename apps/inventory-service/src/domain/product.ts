// The stock of one product (one SKU): what is on the shelf, what orders hold, and what has left.
// Which order holds how much is the order reservation's to remember (order-reservation.ts): a
// product that kept every hold would grow with every order it ever sold, and so would its loading.
export type ProductEvent =
  | { type: 'ProductCreated'; data: { sku: string; name: string; priceCents: number; quantity: number } }
  | { type: 'ProductRestocked'; data: { sku: string; quantity: number } }
  | { type: 'StockReserved'; data: { sku: string; orderId: string; quantity: number; unitPriceCents: number } }
  | { type: 'StockReleased'; data: { sku: string; orderId: string; quantity: number } }
  | { type: 'StockCommitted'; data: { sku: string; orderId: string; quantity: number } };

export interface ProductState {
  sku?: string;
  name?: string;
  priceCents: number;
  available: number;
  reserved: number;
  committed: number;
}

export const initialProductState = (): ProductState => ({ priceCents: 0, available: 0, reserved: 0, committed: 0 });

export const productExists = (state: ProductState): state is ProductState & { sku: string; name: string } => state.sku !== undefined;

/** Whether a product can hold `quantity` more units for an order now, and if not, why. */
export type ReserveCheck = { ok: true } | { ok: false; code: 'not-found' | 'refused'; reason: string };

export function canReserve(state: ProductState, sku: string, quantity: number): ReserveCheck {
  if (!productExists(state)) return { ok: false, code: 'not-found', reason: `no product ${sku}` };
  if (state.available < quantity) return { ok: false, code: 'refused', reason: `only ${state.available} of ${sku} available, ${quantity} wanted` };
  return { ok: true };
}

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductCreated':
      return { ...state, sku: event.data.sku, name: event.data.name, priceCents: event.data.priceCents, available: event.data.quantity };
    case 'ProductRestocked':
      return { ...state, available: state.available + event.data.quantity };
    case 'StockReserved':
      return {
        ...state,
        available: state.available - event.data.quantity,
        reserved: state.reserved + event.data.quantity,
      };
    case 'StockReleased':
      return {
        ...state,
        available: state.available + event.data.quantity,
        reserved: state.reserved - event.data.quantity,
      };
    case 'StockCommitted':
      return {
        ...state,
        reserved: state.reserved - event.data.quantity,
        committed: state.committed + event.data.quantity,
      };
  }
}

export const productStreamId = (sku: string) => `product-${sku}`;
