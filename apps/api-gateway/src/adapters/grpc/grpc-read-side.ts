// The read side over gRPC (query.proto): REST outside, gRPC inside. Every call has a deadline; a
// failed call is the problem the query service answered, or a 503 when it does not answer.
import { Metadata } from '@grpc/grpc-js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { problemOfGrpcError, QueryApi } from '@eventshop/contracts';
import { firstValueFrom, type Observable } from 'rxjs';
import type { GatewayConfig } from '../../config';
import type { ReadSide } from '../../application/ports/read-side';
import { ProblemException } from '../../application/problem-exception';
import { GATEWAY_CONFIG } from '../../application/tokens';

export const QUERY_GRPC_CLIENT = Symbol('QUERY_GRPC_CLIENT');

type Rpc = keyof QueryApi.Rpcs;
type QueryService = {
  [M in Rpc]: (
    request: QueryApi.Rpcs[M]['request'],
    metadata: Metadata,
    options: { deadline: number },
  ) => Observable<QueryApi.WireAnswer<QueryApi.Rpcs[M]['answer']>>;
};

@Injectable()
export class GrpcReadSide implements ReadSide, OnModuleInit {
  private service!: QueryService;

  constructor(
    @Inject(QUERY_GRPC_CLIENT) private readonly client: ClientGrpc,
    @Inject(GATEWAY_CONFIG) private readonly config: Pick<GatewayConfig, 'upstreamTimeoutMs'>,
  ) {}

  onModuleInit(): void {
    this.service = this.client.getService<QueryService>(QueryApi.grpc.service);
  }

  order(orderId: string, consistencyToken?: string) {
    return this.call('GetOrder', { orderId, consistencyToken });
  }

  customerOrders(request: QueryApi.CustomerOrdersRequest) {
    return this.call('ListCustomerOrders', request);
  }

  products() {
    return this.call('ListProducts', {});
  }

  product(sku: string) {
    return this.call('GetProduct', { sku });
  }

  sagaStatistics() {
    return this.call('GetSagaStatistics', {});
  }

  payments(request: QueryApi.PaymentsRequest) {
    return this.call('GetPayments', request);
  }

  invariants() {
    return this.call('CheckInvariants', {});
  }

  deadLetters() {
    return this.call('GetDeadLetters', {});
  }

  private async call<M extends Rpc>(method: M, request: QueryApi.Rpcs[M]['request']): Promise<QueryApi.Rpcs[M]['answer']> {
    const send = this.service[method] as QueryService[M];
    try {
      const answer = await firstValueFrom(send(request, new Metadata(), { deadline: Date.now() + this.config.upstreamTimeoutMs }));
      // fromWire gives back exactly the answer's type; TypeScript cannot follow it through the generic method.
      return ('freshness' in answer ? QueryApi.fromWire(answer) : answer) as unknown as QueryApi.Rpcs[M]['answer'];
    } catch (error) {
      throw new ProblemException(problemOfGrpcError(error as { code?: number; details?: string }, 'query-service'));
    }
  }
}
