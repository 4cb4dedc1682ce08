// /api/v1/admin, what the dashboard watches (admins only): the breakers of the services that call the
// outside world, the dead-letter topics, the invariants across services from the read side, and —
// in the demo, where the gateway knows the fake providers — the switches that put faults on them.
import { Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { QueryApi } from '@eventshop/contracts';
import { ZodBody, ZodParam } from '@eventshop/service-runtime';
import { z } from 'zod';
import type { ReadSide } from '../../application/ports/read-side';
import type { ServiceBreakers, ServiceBreakerStates } from '../../application/ports/service-breakers';
import { SwitchProviderFaults, type ProviderSwitches } from '../../application/provider-switches';
import { READ_SIDE, SERVICE_BREAKERS } from '../../application/tokens';
import { AdminOnly } from '../auth/access.decorators';

const providerName = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a provider name, e.g. psp-primary');
const faultSwitchesBody = z
  .object({
    outage: z.boolean(),
    latencyMs: z.number().int().min(0).max(30_000),
    /** Carriers only. */
    refuseAll: z.boolean().optional(),
  })
  .strict();

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin')
export class OperationsController {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(SERVICE_BREAKERS) private readonly breakers: ServiceBreakers,
    private readonly faults: SwitchProviderFaults,
  ) {}

  @Get('breakers')
  async breakerStates(): Promise<{ services: ServiceBreakerStates[] }> {
    return { services: await this.breakers.states() };
  }

  @Get('dead-letters')
  deadLetters(): Promise<QueryApi.DeadLettersAnswer> {
    return this.reads.deadLetters();
  }

  @Get('invariants')
  invariants(): Promise<QueryApi.InvariantsAnswer> {
    return this.reads.invariants();
  }

  @Get('faults')
  async switches(): Promise<{ providers: ProviderSwitches[] }> {
    return { providers: await this.faults.list() };
  }

  @Put('faults/:provider')
  flip(@ZodParam('provider', providerName) provider: string, @ZodBody(faultSwitchesBody) body: z.infer<typeof faultSwitchesBody>): Promise<ProviderSwitches> {
    return this.faults.set(provider, body);
  }
}
