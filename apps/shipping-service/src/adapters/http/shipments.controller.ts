// The shipping HTTP API of the public contract: read an order's shipment.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { orderId } from '@eventshop/contracts';
import { ZodParam } from '@eventshop/service-runtime';
import { GetShipmentQuery, type ShipmentView } from '../../application/get-shipment.query';

@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  shipment(@ZodParam('orderId', orderId) id: string): Promise<ShipmentView> {
    return this.queries.execute(new GetShipmentQuery(id));
  }
}
