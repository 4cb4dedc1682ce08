// api-gateway: the one public front. Routes /api/v1 to the write side (HTTP) and the read side (gRPC),
// checks access tokens and rate limits on every route, composes an order's details from three
// services, and turns the read side's live stream into WebSocket subscriptions (main.ts also serves
// the dashboard).
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { QueryApi } from '@eventshop/contracts';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from '@eventshop/service-runtime';
import { AccessTokens } from './adapters/auth/access-tokens';
import { AccessGuard } from './adapters/auth/access.guard';
import { GrpcReadSide, QUERY_GRPC_CLIENT } from './adapters/grpc/grpc-read-side';
import { AdminController } from './adapters/http/admin.controller';
import { CustomersController } from './adapters/http/customers.controller';
import { DevTokenController } from './adapters/http/dev-token.controller';
import { OperationsController } from './adapters/http/operations.controller';
import { OrdersController } from './adapters/http/orders.controller';
import { ProductsController } from './adapters/http/products.controller';
import { StatsController } from './adapters/http/stats.controller';
import { LiveGateway } from './adapters/live/live.gateway';
import { SseLiveChanges } from './adapters/live/sse-live-changes';
import { RateLimitGuard } from './adapters/rate-limiting/rate-limit.guard';
import { HttpFakeProviders } from './adapters/upstream/fake-providers.http';
import { HttpUpstream } from './adapters/upstream/http-upstream';
import { HttpOrderParts } from './adapters/upstream/order-parts.http';
import { HttpServiceBreakers } from './adapters/upstream/service-breakers.http';
import { HttpCatalogueCommands, HttpOrderCommands } from './adapters/upstream/write-side.http';
import { FollowOrders } from './application/follow-orders';
import { CancelOrder, ResumeSaga } from './application/order-commands';
import { GetOrderDetails } from './application/order-details';
import { PlaceOrder } from './application/place-order';
import { SwitchProviderFaults } from './application/provider-switches';
import { ReadOrders } from './application/read-orders';
import {
  CATALOGUE_COMMANDS,
  FAKE_PROVIDERS,
  GATEWAY_CONFIG,
  LIVE_CHANGES,
  ORDER_COMMANDS,
  ORDER_PARTS,
  READ_SIDE,
  SERVICE_BREAKERS,
} from './application/tokens';
import type { GatewayConfig } from './config';

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    const upstream = (name: string, url: string) => new HttpUpstream(name, url, config.upstreamTimeoutMs);
    return {
      module: GatewayModule,
      imports: [
        TerminusModule,
        JwtModule.register({ secret: config.auth.secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
        ClientsModule.register([
          {
            name: QUERY_GRPC_CLIENT,
            transport: Transport.GRPC,
            options: {
              package: QueryApi.grpc.package,
              protoPath: QueryApi.grpc.protoPath,
              url: config.queryGrpcAddress,
              loader: { ...QueryApi.grpc.loaderOptions },
            },
          },
        ]),
      ],
      controllers: [
        OrdersController,
        CustomersController,
        ProductsController,
        StatsController,
        AdminController,
        OperationsController,
        HealthController,
        ...(config.auth.devTokens ? [DevTokenController] : []),
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        // Ready when every upstream it routes to is ready (each named in /health/ready).
        {
          provide: READINESS_CHECKS,
          useValue: Object.entries(config.upstreams).map(([name, url]): ReadinessCheck => ({ name, answers: () => upstreamReady(url) })),
        },
        // Guards run in this order: who is calling, then whether they are over their limits.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: READ_SIDE, useClass: GrpcReadSide },
        { provide: ORDER_COMMANDS, useValue: new HttpOrderCommands(upstream('order-service', config.upstreams.order)) },
        { provide: CATALOGUE_COMMANDS, useValue: new HttpCatalogueCommands(upstream('inventory-service', config.upstreams.inventory)) },
        {
          provide: ORDER_PARTS,
          useValue: new HttpOrderParts(upstream('payment-service', config.upstreams.payment), upstream('shipping-service', config.upstreams.shipping)),
        },
        { provide: LIVE_CHANGES, useValue: new SseLiveChanges(config.upstreams.query) },
        {
          provide: SERVICE_BREAKERS,
          useValue: new HttpServiceBreakers([upstream('payment-service', config.upstreams.payment), upstream('shipping-service', config.upstreams.shipping)]),
        },
        { provide: FAKE_PROVIDERS, useValue: new HttpFakeProviders(config.fakeProviders, config.upstreamTimeoutMs) },
        AccessTokens,
        PlaceOrder,
        ReadOrders,
        CancelOrder,
        ResumeSaga,
        GetOrderDetails,
        FollowOrders,
        SwitchProviderFaults,
        LiveGateway,
      ],
    };
  }
}

function upstreamReady(url: string): Promise<boolean> {
  return fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
}
