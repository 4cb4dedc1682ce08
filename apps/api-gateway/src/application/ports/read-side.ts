// What the gateway asks the read side (the query service): the public reads, each answer with how
// fresh it is. Implemented over gRPC (adapters/grpc).
import type { QueryApi } from '@eventshop/contracts';

export interface ReadSide {
  order(orderId: string, consistencyToken?: string): Promise<QueryApi.OrderAnswer>;
  customerOrders(request: QueryApi.CustomerOrdersRequest): Promise<QueryApi.CustomerOrdersPage>;
  products(): Promise<QueryApi.ProductList>;
  product(sku: string): Promise<QueryApi.ProductAnswer>;
  sagaStatistics(): Promise<QueryApi.SagaStatisticsAnswer>;
  payments(request: QueryApi.PaymentsRequest): Promise<QueryApi.PaymentsLedger>;
  /** Whether stock, money and shipments add up across the services (judged on the read side). */
  invariants(): Promise<QueryApi.InvariantsAnswer>;
  deadLetters(): Promise<QueryApi.DeadLettersAnswer>;
}
