// Query: do stock, money and shipments add up across the services? Judged from the read models over
// the orders that settled at least `settleMs` ago (by then every service's facts about them have been
// projected, unless the read side lags that far), the newest first up to a bound, so that a dashboard
// can ask every few seconds. The answer says how fresh the views it judged were.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { QueryApi } from '@eventshop/contracts';
import { judgeInvariants } from '../domain/invariants';
import type { QueryConfig } from '../config';
import type { CatalogueReader } from './ports/catalogue';
import type { InvariantInputs } from './ports/invariant-inputs';
import type { Freshness, OrderViewReader } from './ports/order-views';
import { CATALOGUE_FRESHNESS, CATALOGUE_READER, INVARIANT_INPUTS, ORDER_VIEW_READER, QUERY_CONFIG } from './tokens';

export class CheckInvariantsQuery {}

@QueryHandler(CheckInvariantsQuery)
export class CheckInvariantsHandler implements IQueryHandler<CheckInvariantsQuery, QueryApi.InvariantsAnswer> {
  constructor(
    @Inject(INVARIANT_INPUTS) private readonly inputs: InvariantInputs,
    @Inject(CATALOGUE_READER) private readonly catalogue: CatalogueReader,
    @Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader,
    @Inject(CATALOGUE_FRESHNESS) private readonly catalogueFreshness: () => Promise<Freshness>,
    @Inject(QUERY_CONFIG) private readonly config: Pick<QueryConfig, 'invariants'>,
  ) {}

  async execute(): Promise<QueryApi.InvariantsAnswer> {
    const { settleMs, ordersJudged } = this.config.invariants;
    const now = new Date();
    const endedBefore = new Date(now.getTime() - settleMs);
    // Freshness first: the views judged include at least what it names.
    const [orderFreshness, catalogueFreshness] = await Promise.all([this.views.freshness(), this.catalogueFreshness()]);
    const [orders, unjudged, products] = await Promise.all([
      this.inputs.settledOrders(endedBefore, ordersJudged),
      this.inputs.unjudgedOrders(endedBefore),
      this.catalogue.list(),
    ]);
    return {
      checks: judgeInvariants(orders, products),
      orders: { checked: orders.length, ...unjudged },
      settleMs,
      checkedAt: now.toISOString(),
      freshness: mergedFreshness(orderFreshness, catalogueFreshness),
    };
  }
}

/** Two projections' freshness as one: every topic either has read, and the later of their last changes. */
function mergedFreshness(a: Freshness, b: Freshness): Freshness {
  const projectedAt = [a.projectedAt, b.projectedAt]
    .filter((t): t is string => t !== undefined)
    .sort()
    .pop();
  return { currentTo: { ...a.currentTo, ...b.currentTo }, ...(projectedAt ? { projectedAt } : {}) };
}
