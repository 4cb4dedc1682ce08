// The read models' database through TypeORM: its entities and migrations (run at start-up; never
// `synchronize`, so every schema change is a reviewed migration).
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { defaultPoolSize } from '@eventshop/service-runtime';
import type { PoolConfig } from 'pg';
import { ProductHoldRow, ProductRestockRow, ProductRow, ProductStockTotalsRow } from './catalogue.entities';
import { OrderViews1764000000000 } from './migrations/1764000000000-order-views';
import { Catalogue1764000100000 } from './migrations/1764000100000-catalogue';
import { OrderChanges1764000200000 } from './migrations/1764000200000-order-changes';
import { ProjectionVersions1764000300000 } from './migrations/1764000300000-projection-versions';
import { OrderChangesByCustomer1764000400000 } from './migrations/1764000400000-order-changes-by-customer';
import { OrderChangesRetention1764000500000 } from './migrations/1764000500000-order-changes-retention';
import { ProductStockTotals1764000600000 } from './migrations/1764000600000-product-stock-totals';
import { OrderSummaryRow } from './order-summary.entity';
import { OrderTimelineEntryRow } from './order-timeline-entry.entity';
import { ProjectionCheckpointRow } from './projection-checkpoint.entity';

export function readModelDatabase(database: PoolConfig): TypeOrmModuleOptions {
  return {
    type: 'postgres',
    host: database.host,
    port: database.port,
    username: database.user,
    password: typeof database.password === 'string' ? database.password : undefined,
    database: database.database,
    entities: [OrderSummaryRow, OrderTimelineEntryRow, ProjectionCheckpointRow, ProductRow, ProductRestockRow, ProductHoldRow, ProductStockTotalsRow],
    migrations: [
      OrderViews1764000000000,
      Catalogue1764000100000,
      OrderChanges1764000200000,
      ProjectionVersions1764000300000,
      OrderChangesByCustomer1764000400000,
      OrderChangesRetention1764000500000,
      ProductStockTotals1764000600000,
    ],
    migrationsRun: true,
    synchronize: false,
    extra: { max: database.max ?? defaultPoolSize },
  };
}
