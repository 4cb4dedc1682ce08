// What the invariants check reads: the settled orders with what every service's facts say of them,
// and how many orders are not judged yet (still running or just ended) or not at all (parked).
import type { SettledOrder } from '../../domain/invariants';

export interface InvariantInputs {
  /** Orders that ended (COMPLETED or COMPENSATED) before `endedBefore`, the newest first, at most `limit`. */
  settledOrders(endedBefore: Date, limit: number): Promise<SettledOrder[]>;
  /** Orders running or ended at `endedBefore` or later (settling), and orders parked as COMPENSATION_FAILED. */
  unjudgedOrders(endedBefore: Date): Promise<{ settling: number; parked: number }>;
}
