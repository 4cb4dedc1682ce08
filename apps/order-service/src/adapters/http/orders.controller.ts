// The order HTTP API of the public contract: place (202, idempotent by key), read, cancel; and an
// admin resume for a saga parked as COMPENSATION_FAILED.
import { Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { idempotencyKey, orderId, placeOrderBody, type PlaceOrderBody } from '@eventshop/contracts';
import { ZodBody, ZodParam } from '@eventshop/service-runtime';
import { z } from 'zod';
import { CancelOrderCommand } from '../../application/cancel-order';
import { GetOrderQuery, type OrderView } from '../../application/get-order.query';
import { PlaceOrderCommand, type OrderAccepted } from '../../application/place-order';
import { ResumeSagaCommand } from '../../application/resume-saga';

const idempotencyHeader = z.object({ 'Idempotency-Key': idempotencyKey });

@Controller()
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'the same key and body give the same order; another body with it is a 422' })
  place(@Headers('idempotency-key') key: string | undefined, @ZodBody(placeOrderBody) body: PlaceOrderBody): Promise<OrderAccepted> {
    const headers = idempotencyHeader.parse({ 'Idempotency-Key': key }); // 400 naming the header
    return this.commands.execute(new PlaceOrderCommand(headers['Idempotency-Key'], body));
  }

  @Get('orders/:orderId')
  view(@ZodParam('orderId', orderId) id: string): Promise<OrderView> {
    return this.queries.execute(new GetOrderQuery(id));
  }

  @Post('orders/:orderId/cancel')
  @HttpCode(202)
  async cancel(@ZodParam('orderId', orderId) id: string): Promise<{ orderId: string; status: string }> {
    await this.commands.execute(new CancelOrderCommand(id));
    return { orderId: id, status: 'CANCELLING' };
  }

  @Post('admin/sagas/:orderId/resume')
  @HttpCode(202)
  async resume(@ZodParam('orderId', orderId) id: string): Promise<{ orderId: string }> {
    await this.commands.execute(new ResumeSagaCommand(id));
    return { orderId: id };
  }
}
