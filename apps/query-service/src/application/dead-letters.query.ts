// Query: how many messages each dead-letter topic holds — messages some consumer could not handle and
// set aside so that its partition kept flowing (replayable with the DLQ replayer).
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { QueryApi } from '@eventshop/contracts';
import type { DeadLetters } from './ports/dead-letters';
import { DEAD_LETTERS } from './tokens';

export class DeadLettersQuery {}

@QueryHandler(DeadLettersQuery)
export class DeadLettersHandler implements IQueryHandler<DeadLettersQuery, QueryApi.DeadLettersAnswer> {
  constructor(@Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetters) {}

  async execute(): Promise<QueryApi.DeadLettersAnswer> {
    return { topics: await this.deadLetters.depths(), measuredAt: new Date().toISOString() };
  }
}
