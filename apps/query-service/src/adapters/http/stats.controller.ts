// The query API's statistics: how the order sagas are doing.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Freshness, SagaStatistics } from '../../application/ports/order-views';
import { SagaStatisticsQuery } from '../../application/saga-statistics.query';

@Controller('stats')
export class StatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sagas')
  sagas(): Promise<SagaStatistics & { freshness: Freshness }> {
    return this.queries.execute(new SagaStatisticsQuery());
  }
}
