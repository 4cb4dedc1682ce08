// The query API's view for operators: whether stock, money and shipments add up across the services
// (judged from the read models), and how many messages each dead-letter topic holds.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { QueryApi } from '@eventshop/contracts';
import { CheckInvariantsQuery } from '../../application/check-invariants.query';
import { DeadLettersQuery } from '../../application/dead-letters.query';

@Controller()
export class OperationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('invariants')
  invariants(): Promise<QueryApi.InvariantsAnswer> {
    return this.queries.execute(new CheckInvariantsQuery());
  }

  @Get('dead-letters')
  deadLetters(): Promise<QueryApi.DeadLettersAnswer> {
    return this.queries.execute(new DeadLettersQuery());
  }
}
