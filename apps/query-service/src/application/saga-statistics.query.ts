// Query: how the order sagas are doing — orders by status, why they were compensated, and how long
// each step takes to be answered (p50/p95) — from the read model, with how fresh it is.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Freshness, OrderViewReader, SagaStatistics } from './ports/order-views';
import { ORDER_VIEW_READER } from './tokens';

export class SagaStatisticsQuery {}

@QueryHandler(SagaStatisticsQuery)
export class SagaStatisticsHandler implements IQueryHandler<SagaStatisticsQuery, SagaStatistics & { freshness: Freshness }> {
  constructor(@Inject(ORDER_VIEW_READER) private readonly views: OrderViewReader) {}

  async execute(): Promise<SagaStatistics & { freshness: Freshness }> {
    const [statistics, freshness] = await Promise.all([this.views.sagaStatistics(), this.views.freshness()]);
    return { ...statistics, freshness };
  }
}
