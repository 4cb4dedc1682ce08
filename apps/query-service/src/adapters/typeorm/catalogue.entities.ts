// The catalogue's tables: a record per product, a row per restock (by its fact's id), a hold per
// order and SKU, and each SKU's totals (domain/catalogue.ts says why copies change none of them).
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HoldStatus } from '../../domain/catalogue';

@Entity({ name: 'product_catalogue' })
export class ProductRow {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ name: 'created_quantity', type: 'integer' })
  createdQuantity!: number;
}

@Entity({ name: 'product_restocks' })
export class ProductRestockRow {
  @PrimaryColumn({ name: 'fact_id', type: 'text' })
  factId!: string;

  @Column({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  quantity!: number;
}

@Entity({ name: 'product_holds' })
export class ProductHoldRow {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId!: string;

  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'text' })
  status!: HoldStatus;
}

@Entity({ name: 'product_stock_totals' })
export class ProductStockTotalsRow {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  restocked!: number;

  @Column({ type: 'integer' })
  reserved!: number;

  @Column({ type: 'integer' })
  committed!: number;
}
