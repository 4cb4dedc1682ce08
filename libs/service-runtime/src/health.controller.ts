// /health/live (the process answers) and /health/ready (what it depends on answers too: its database
// and brokers), for launchers, orchestrators and the demo that waits for every service to be ready.
// What "ready" checks is provided under READINESS_CHECKS by the module that serves the controller; a
// check may report itself degraded (dead letters piling up): still up, with the reason beside it.
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

/** One dependency that must answer for the service to be ready. */
export interface ReadinessCheck {
  name: string;
  answers(): Promise<boolean>;
  /** Why it is degraded, if it is: reported beside "up", never making the service unready. */
  degraded?(): Promise<string | undefined>;
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
      this.checks.map(({ name, answers, degraded }) => async () => {
        const check = this.indicators.check(name);
        if (!(await answers())) return check.down('no answer');
        const reason = await degraded?.().catch(() => undefined);
        return reason ? check.up({ degraded: reason }) : check.up();
      }),
    );
  }
}
