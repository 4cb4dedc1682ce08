// Query: an order's shipment — its state and its history — from the write model (404 if none).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, EventStore, loadWithHistory, type HistoryEntry } from '@eventshop/event-store';
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
  history: HistoryEntry[];
}

@QueryHandler(GetShipmentQuery)
export class GetShipmentHandler implements IQueryHandler<GetShipmentQuery, ShipmentView> {
  constructor(private readonly store: EventStore) {}

  async execute({ orderId }: GetShipmentQuery): Promise<ShipmentView> {
    const shipment = await loadWithHistory(this.store, shipmentStreamId(orderId), shipmentDecider);
    if (!shipment) throw new DomainError('not-found', `no shipment for order ${orderId}`);
    const { status, trackingId, voided } = shipment.state;
    return { orderId, status, trackingId, voided, history: shipment.history };
  }
}
