// The order HTTP API of the public contract: place (202, idempotent by key), read, cancel; and an
// admin resume for a saga parked as COMPENSATION_FAILED.
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { orderId } from '@eventshop/contracts';
import { ZodPipe } from '@eventshop/service-runtime';
import { z } from 'zod';
import { idempotencyKey, placeOrderBody, type PlaceOrderBody } from '../../application/order-requests';
import { OrderService, type OrderView } from '../../application/order-service';

const idempotencyHeader = z.object({ 'Idempotency-Key': idempotencyKey });

@Controller()
export class OrdersController {
  constructor(@Inject(OrderService) private readonly orders: OrderService) {}

  @Post('orders')
  @HttpCode(202)
  place(
    @Headers('idempotency-key') key: string | undefined,
    @Body(new ZodPipe(placeOrderBody)) body: PlaceOrderBody,
  ): Promise<{ orderId: string; status: 'PENDING' }> {
    const headers = idempotencyHeader.parse({ 'Idempotency-Key': key }); // 400 naming the header
    return this.orders.placeOrder(headers['Idempotency-Key'], body);
  }

  @Get('orders/:orderId')
  view(@Param('orderId', new ZodPipe(orderId)) id: string): Promise<OrderView> {
    return this.orders.view(id);
  }

  @Post('orders/:orderId/cancel')
  @HttpCode(202)
  async cancel(@Param('orderId', new ZodPipe(orderId)) id: string): Promise<{ orderId: string; status: string }> {
    await this.orders.cancel(id);
    return { orderId: id, status: 'CANCELLING' };
  }

  @Post('admin/sagas/:orderId/resume')
  @HttpCode(202)
  async resume(@Param('orderId', new ZodPipe(orderId)) id: string): Promise<{ orderId: string }> {
    await this.orders.resume(id);
    return { orderId: id };
  }
}
