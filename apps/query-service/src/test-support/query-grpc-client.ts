// For tests: a plain gRPC client of the query service's read API (query.proto), one promise per call.
import { credentials, loadPackageDefinition, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { QueryApi } from '@eventshop/contracts';

type Rpc = keyof QueryApi.Rpcs;
type Unary = (request: object, callback: (error: ServiceError | null, answer: unknown) => void) => void;

export interface QueryGrpcClient {
  call<M extends Rpc>(method: M, request: QueryApi.Rpcs[M]['request']): Promise<QueryApi.WireAnswer<QueryApi.Rpcs[M]['answer']>>;
  close(): void;
}

export function queryGrpcClient(address: string): QueryGrpcClient {
  const definition = loadPackageDefinition(loadSync(QueryApi.grpc.protoPath, { ...QueryApi.grpc.loaderOptions }));
  const namespace = QueryApi.grpc.package.split('.').reduce<Record<string, unknown>>((node, name) => node[name] as Record<string, unknown>, definition);
  const Service = namespace[QueryApi.grpc.service] as new (
    address: string,
    creds: ReturnType<typeof credentials.createInsecure>,
  ) => Client & Record<Rpc, Unary>;
  const client = new Service(address, credentials.createInsecure());
  return {
    call: (method, request) => new Promise((resolve, reject) => client[method](request, (error, answer) => (error ? reject(error) : resolve(answer as never)))),
    close: () => client.close(),
  };
}
