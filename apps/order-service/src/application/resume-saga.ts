// Use case: an admin resumes a saga parked as COMPENSATION_FAILED (after fixing what made the undo
// fail); the saga tries the compensation again from its first attempt.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@eventshop/event-store';
import type { OrderContext } from './order-context';
import { recordSagaOutcome } from './order-saga-process';
import { ORDER_CONTEXT } from './tokens';

export async function resumeSaga(ctx: OrderContext, orderId: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const outcome = await ctx.saga.handle(tx, orderId, { type: 'Resume' });
    if (outcome.events.length === 0) throw new DomainError('conflict', `the saga of order ${orderId} is not parked`);
    await recordSagaOutcome(ctx, tx, orderId, outcome);
  });
}

export class ResumeSagaCommand {
  constructor(readonly orderId: string) {}
}

@CommandHandler(ResumeSagaCommand)
export class ResumeSagaHandler implements ICommandHandler<ResumeSagaCommand, void> {
  constructor(@Inject(ORDER_CONTEXT) private readonly ctx: OrderContext) {}

  execute({ orderId }: ResumeSagaCommand): Promise<void> {
    return resumeSaga(this.ctx, orderId);
  }
}
