// GET /breakers: the state of every breaker the service guards its calls to the outside with (closed,
// open with why, half-open), and its window's failure and slow-call rates — what the dashboard shows.
import { Controller, Get } from '@nestjs/common';
import type { BreakerStats } from '@eventshop/resilience';
import { ServiceInfrastructure } from './service-infrastructure';

@Controller('breakers')
export class BreakersController {
  constructor(private readonly infrastructure: ServiceInfrastructure) {}

  @Get()
  breakers(): { breakers: (BreakerStats & { name: string })[] } {
    return { breakers: this.infrastructure.breakerStates() };
  }
}
