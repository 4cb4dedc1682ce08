// The stock of one product (one SKU): what is on the shelf, what orders hold, and what has left.
// Each order's hold is remembered, so that reserving, releasing and committing are idempotent.
export type ProductEvent =
  | { type: 'ProductCreated'; data: { sku: string; name: string; priceCents: number; quantity: number } }
  | { type: 'ProductRestocked'; data: { sku: string; quantity: number } }
  | { type: 'StockReserved'; data: { sku: string; orderId: string; quantity: number; unitPriceCents: number } }
  | { type: 'StockReleased'; data: { sku: string; orderId: string; quantity: number } }
  | { type: 'StockCommitted'; data: { sku: string; orderId: string; quantity: number } };

export type HoldStatus = 'reserved' | 'released' | 'committed';

export interface ProductState {
  sku?: string;
  name?: string;
  priceCents: number;
  available: number;
  reserved: number;
  committed: number;
  holds: Record<string, { quantity: number; status: HoldStatus }>;
}

export const initialProductState = (): ProductState => ({ priceCents: 0, available: 0, reserved: 0, committed: 0, holds: {} });

export const productExists = (state: ProductState): state is ProductState & { sku: string; name: string } => state.sku !== undefined;

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
        holds: { ...state.holds, [event.data.orderId]: { quantity: event.data.quantity, status: 'reserved' } },
      };
    case 'StockReleased':
      return {
        ...state,
        available: state.available + event.data.quantity,
        reserved: state.reserved - event.data.quantity,
        holds: { ...state.holds, [event.data.orderId]: { quantity: event.data.quantity, status: 'released' } },
      };
    case 'StockCommitted':
      return {
        ...state,
        reserved: state.reserved - event.data.quantity,
        committed: state.committed + event.data.quantity,
        holds: { ...state.holds, [event.data.orderId]: { quantity: event.data.quantity, status: 'committed' } },
      };
  }
}

export const productStreamId = (sku: string) => `product-${sku}`;
