// /api/v1/orders: commands go to the order service (HTTP), reads to the read side (gRPC); an order's
// details are composed from three services. A customer reaches only their own orders.
import { Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { idempotencyKey, orderId, orderReadQuery, placeOrderBody, type PlaceOrderBody, type QueryApi } from '@eventshop/contracts';
import { ZodBody, ZodParam, ZodQuery } from '@eventshop/service-runtime';
import type { z } from 'zod';
import type { Caller } from '../../domain/caller';
import { CancelOrder } from '../../application/order-commands';
import { GetOrderDetails, type OrderDetailsAnswer } from '../../application/order-details';
import { PlaceOrder } from '../../application/place-order';
import { ReadOrders } from '../../application/read-orders';
import type { OrderAccepted } from '../../application/ports/write-side';
import { CurrentCaller } from '../auth/access.decorators';
import { passOn, type StatusSink } from './pass-on';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly readOrders: ReadOrders,
    private readonly cancelOrder: CancelOrder,
    private readonly orderDetails: GetOrderDetails,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'the same key and body give the same order; another body with it is a 422' })
  async place(
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @ZodBody(placeOrderBody) body: PlaceOrderBody,
    @Res({ passthrough: true }) response: StatusSink,
  ): Promise<OrderAccepted> {
    return passOn(response, await this.placeOrder.execute(caller, idempotencyKey.parse(key), body));
  }

  @Get(':orderId')
  order(
    @CurrentCaller() caller: Caller,
    @ZodParam('orderId', orderId) id: string,
    @ZodQuery(orderReadQuery) query: z.infer<typeof orderReadQuery>,
  ): Promise<QueryApi.OrderAnswer> {
    return this.readOrders.order(caller, id, query.consistencyToken);
  }

  @Get(':orderId/details')
  details(@CurrentCaller() caller: Caller, @ZodParam('orderId', orderId) id: string): Promise<OrderDetailsAnswer> {
    return this.orderDetails.execute(caller, id);
  }

  @Post(':orderId/cancel')
  async cancel(@CurrentCaller() caller: Caller, @ZodParam('orderId', orderId) id: string, @Res({ passthrough: true }) response: StatusSink): Promise<unknown> {
    return passOn(response, await this.cancelOrder.execute(caller, id));
  }
}
