// /health/live (the process answers) and /health/ready (what it depends on answers too: its database
// and brokers), for launchers, orchestrators and the demo that waits for every service to be ready.
// What "ready" checks is provided under READINESS_CHECKS by the module that serves the controller.
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

/** One dependency that must answer for the service to be ready. */
export interface ReadinessCheck {
  name: string;
  answers(): Promise<boolean>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.map(({ name, answers }) => async () => {
        const check = this.indicators.check(name);
        return (await answers()) ? check.up() : check.down('no answer');
      }),
    );
  }
}
