// The query service also answers gRPC (beside HTTP): the gateway's way in. It shares the HTTP app's
// configuration, so its errors go through the same problem filter (as gRPC statuses).
import type { INestApplication } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { QueryApi } from '@eventshop/contracts';

export async function serveQueryGrpc(app: INestApplication, listen: { host: string; port: number }): Promise<void> {
  const options: GrpcOptions = {
    transport: Transport.GRPC,
    options: {
      package: QueryApi.grpc.package,
      protoPath: QueryApi.grpc.protoPath,
      url: `${listen.host}:${listen.port}`,
      loader: { ...QueryApi.grpc.loaderOptions },
    },
  };
  app.connectMicroservice(options, { inheritAppConfig: true });
  await app.startAllMicroservices();
}
