// /health/live: the gateway answers. /health/ready: and so do the upstreams it routes to (each named
// with whether it answered), so a launcher knows when the whole front is usable.
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../application/tokens';
import { Public } from '../auth/access.decorators';

@Controller('health')
@Public()
export class GatewayHealthController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: Pick<GatewayConfig, 'upstreams'>) {}

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; upstreams: Record<string, 'up'> }> {
    const checks = await Promise.all(
      Object.entries(this.config.upstreams).map(async ([name, url]) => {
        const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        return [name, ok ? 'up' : 'down'] as const;
      }),
    );
    const upstreams = Object.fromEntries(checks);
    if (checks.some(([, state]) => state === 'down')) throw new ServiceUnavailableException({ status: 'error', upstreams });
    return { status: 'ok', upstreams: upstreams as Record<string, 'up'> };
  }
}
