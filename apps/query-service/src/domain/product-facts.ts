// The facts the catalogue view is built from (inventory.events): products created and restocked
// (keyed by SKU), and each order's hold on stock reserved, released or committed (keyed by order id).
import type { Facts, MessageOf } from '@eventshop/contracts';

export type ProductFact =
  | MessageOf<typeof Facts.ProductCreated>
  | MessageOf<typeof Facts.ProductRestocked>
  | MessageOf<typeof Facts.InventoryReserved>
  | MessageOf<typeof Facts.InventoryReleased>
  | MessageOf<typeof Facts.InventoryCommitted>;
