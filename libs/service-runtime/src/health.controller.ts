// /health/live (the process answers) and /health/ready (its database and brokers answer too), for
// launchers, orchestrators and the demo that waits for every service to be ready.
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ServiceInfrastructure } from './service-infrastructure';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly infrastructure: ServiceInfrastructure,
  ) {}

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicators.check('postgres');
        return (await this.infrastructure.databaseAnswers()) ? check.up() : check.down('no answer');
      },
      async () => {
        const check = this.indicators.check('kafka');
        return (await this.infrastructure.kafkaAnswers()) ? check.up() : check.down('no answer');
      },
    ]);
  }
}
