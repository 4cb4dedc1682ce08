// Rate limits in front of every /api/v1 route, after authentication (so a client is its token's
// subject, or its address without one): the client's token bucket, then the route's sliding window.
// Every answer carries the client's RateLimit-* headers; a refusal is a 429 with Retry-After.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { problem } from '@eventshop/contracts';
import type { GatewayConfig } from '../../config';
import { ProblemException } from '../../application/problem-exception';
import { GATEWAY_CONFIG } from '../../application/tokens';
import type { AuthenticatedRequest } from '../auth/access.decorators';
import { ClientTokenBuckets } from './client-token-buckets';
import type { RateLimitVerdict } from './rate-limit-verdict';
import { RouteSlidingWindows } from './route-sliding-windows';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly clients: ClientTokenBuckets;
  private readonly routes: RouteSlidingWindows;

  constructor(@Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'rateLimits'>) {
    this.clients = new ClientTokenBuckets(config.rateLimits.perClient);
    this.routes = new RouteSlidingWindows(config.rateLimits.perRoute);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<HeaderSink>();
    const client = request.caller ? `customer:${request.caller.customerId}` : `address:${request.ip ?? 'unknown'}`;
    const perClient = this.clients.take(client);
    describe(response, perClient);
    if (!perClient.allowed) throw tooMany(perClient, 'this client');
    const perRoute = this.routes.take(`${request.method} ${request.route?.path ?? '?'}`);
    if (!perRoute.allowed) {
      describe(response, perRoute);
      throw tooMany(perRoute, 'this route');
    }
    return true;
  }
}

function describe(response: HeaderSink, verdict: RateLimitVerdict): void {
  response.setHeader('RateLimit-Policy', verdict.policy);
  response.setHeader('RateLimit-Limit', String(verdict.limit));
  response.setHeader('RateLimit-Remaining', String(verdict.remaining));
  response.setHeader('RateLimit-Reset', String(verdict.resetSeconds));
}

function tooMany(verdict: RateLimitVerdict, who: string): ProblemException {
  return new ProblemException(
    problem(429, 'Too many requests', `${who} is over its limit of ${verdict.limit} (${verdict.policy}); retry in ${verdict.retryAfterSeconds} s`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    }),
  );
}
