// /api/v1/stats: how the order sagas are doing, from the read side (with how fresh it is).
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { QueryApi } from '@eventshop/contracts';
import type { ReadSide } from '../../application/ports/read-side';
import { READ_SIDE } from '../../application/tokens';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/v1/stats')
export class StatsController {
  constructor(@Inject(READ_SIDE) private readonly reads: ReadSide) {}

  @Get()
  sagas(): Promise<QueryApi.SagaStatisticsAnswer> {
    return this.reads.sagaStatistics();
  }
}
