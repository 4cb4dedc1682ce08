// Use case: read and flip the demo's fault switches on the fake providers (admins only), so that a
// visitor can watch a breaker open, a fallback to the secondary PSP, and a compensation happen.
import { Inject, Injectable } from '@nestjs/common';
import { invalidFields, problem } from '@eventshop/contracts';
import type { FakeProvider } from '../config';
import { faultsOf, switchesOf, type FaultSwitches } from '../domain/fault-switches';
import type { FakeProviders } from './ports/fake-providers';
import { ProblemException } from './problem-exception';
import { FAKE_PROVIDERS } from './tokens';

export interface ProviderSwitches {
  provider: FakeProvider['name'];
  kind: FakeProvider['kind'];
  switches: FaultSwitches;
}

@Injectable()
export class SwitchProviderFaults {
  constructor(@Inject(FAKE_PROVIDERS) private readonly providers: FakeProviders) {}

  list(): Promise<ProviderSwitches[]> {
    return Promise.all(this.providers.configured.map((p) => this.read(p)));
  }

  async set(name: string, switches: FaultSwitches): Promise<ProviderSwitches> {
    const provider = this.providers.configured.find((p) => p.name === name);
    if (!provider) throw new ProblemException(problem(404, 'Not found', `no fake provider ${name} to switch (the demo names them)`));
    if (switches.refuseAll !== undefined && provider.kind !== 'carrier') {
      throw new ProblemException(invalidFields([{ field: 'refuseAll', message: 'carriers only' }], 'only a carrier refuses bookings'));
    }
    await this.providers.setFaults(provider, faultsOf(switches, new Date()));
    if (provider.kind === 'carrier') await this.providers.setRefuseAll(provider, switches.refuseAll ?? false);
    return this.read(provider);
  }

  private async read(provider: FakeProvider): Promise<ProviderSwitches> {
    const state = await this.providers.state(provider);
    const switches: FaultSwitches = {
      ...switchesOf(state.faults, new Date()),
      ...(provider.kind === 'carrier' ? { refuseAll: state.refuseAll ?? false } : {}),
    };
    return { provider: provider.name, kind: provider.kind, switches };
  }
}
