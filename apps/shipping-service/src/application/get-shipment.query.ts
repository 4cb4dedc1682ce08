// Query: an order's shipment — its state and history — from the write model (404 if none).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadAggregate } from '@eventshop/event-store';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import { shipmentStreamId } from '../domain/shipment';
import { shipmentDecider } from '../domain/shipment.decide';

export class GetShipmentQuery {
  constructor(readonly orderId: string) {}
}

export interface ShipmentView {
  orderId: string;
  status: string;
  trackingId?: string;
  voided: boolean;
  history: { type: string; at: string; data: unknown }[];
}

@QueryHandler(GetShipmentQuery)
export class GetShipmentHandler implements IQueryHandler<GetShipmentQuery, ShipmentView> {
  constructor(private readonly infrastructure: ServiceInfrastructure) {}

  async execute({ orderId }: GetShipmentQuery): Promise<ShipmentView> {
    const { store } = this.infrastructure;
    const streamId = shipmentStreamId(orderId);
    const [{ state }, events] = await Promise.all([loadAggregate(store, streamId, shipmentDecider), store.readStream(streamId)]);
    if (events.length === 0) throw new DomainError('not-found', `no shipment for order ${orderId}`);
    return {
      orderId,
      status: state.status,
      trackingId: state.trackingId,
      voided: state.voided,
      history: events.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), data: e.data })),
    };
  }
}
