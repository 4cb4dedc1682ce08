// The shipping HTTP API of the public contract: read an order's shipment.
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodPipe } from '@eventshop/service-runtime';
import { GetShipmentQuery, type ShipmentView } from '../../application/get-shipment.query';

@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  shipment(@Param('orderId', new ZodPipe(orderId)) id: string): Promise<ShipmentView> {
    return this.queries.execute(new GetShipmentQuery(id));
  }
}
