// The read API over gRPC (libs/contracts query.proto), for the API gateway: each call validated like
// its HTTP twin, answered by the same query handlers, with freshness in the wire's shape.
import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import { customerId, customerOrdersFilter, paymentsFilter, QueryApi } from '@eventshop/contracts';
import { z } from 'zod';
import { CheckInvariantsQuery } from '../../application/check-invariants.query';
import { DeadLettersQuery } from '../../application/dead-letters.query';
import { CustomerOrdersQuery, type CustomerOrdersPage } from '../../application/customer-orders.query';
import { GetOrderQuery, type OrderAnswer } from '../../application/get-order.query';
import { PaymentsQuery, type PaymentsLedger } from '../../application/payments.query';
import { GetProductQuery, ListProductsQuery } from '../../application/products.query';
import { SagaStatisticsQuery } from '../../application/saga-statistics.query';
import { orderRequest, productRequest } from '../read-requests';

const service = QueryApi.grpc.service;
const customerOrdersRequest = customerOrdersFilter.safeExtend({ customerId });

@Controller()
export class QueryGrpcController {
  constructor(private readonly queries: QueryBus) {}

  @GrpcMethod(service, 'GetOrder')
  async getOrder(request: QueryApi.GetOrderRequest) {
    const { orderId, consistencyToken } = orderRequest.parse(request);
    return QueryApi.toWire(await this.queries.execute<GetOrderQuery, OrderAnswer>(new GetOrderQuery(orderId, consistencyToken)));
  }

  @GrpcMethod(service, 'ListCustomerOrders')
  async listCustomerOrders(request: QueryApi.CustomerOrdersRequest) {
    const filter = customerOrdersRequest.parse(request);
    return QueryApi.toWire(await this.queries.execute<CustomerOrdersQuery, CustomerOrdersPage>(new CustomerOrdersQuery(filter)));
  }

  @GrpcMethod(service, 'ListProducts')
  async listProducts() {
    return QueryApi.toWire(await this.queries.execute<ListProductsQuery, QueryApi.ProductList>(new ListProductsQuery()));
  }

  @GrpcMethod(service, 'GetProduct')
  async getProduct(request: { sku: string }) {
    const { sku } = productRequest.parse(request);
    return QueryApi.toWire(await this.queries.execute<GetProductQuery, QueryApi.ProductAnswer>(new GetProductQuery(sku)));
  }

  @GrpcMethod(service, 'GetSagaStatistics')
  async getSagaStatistics() {
    return QueryApi.toWire(await this.queries.execute<SagaStatisticsQuery, QueryApi.SagaStatisticsAnswer>(new SagaStatisticsQuery()));
  }

  @GrpcMethod(service, 'GetPayments')
  async getPayments(request: QueryApi.PaymentsRequest) {
    const filter: z.infer<typeof paymentsFilter> = paymentsFilter.parse(request);
    return QueryApi.toWire(await this.queries.execute<PaymentsQuery, PaymentsLedger>(new PaymentsQuery(filter)));
  }

  @GrpcMethod(service, 'CheckInvariants')
  async checkInvariants() {
    return QueryApi.toWire(await this.queries.execute<CheckInvariantsQuery, QueryApi.InvariantsAnswer>(new CheckInvariantsQuery()));
  }

  @GrpcMethod(service, 'GetDeadLetters')
  getDeadLetters(): Promise<QueryApi.DeadLettersAnswer> {
    return this.queries.execute(new DeadLettersQuery());
  }
}
