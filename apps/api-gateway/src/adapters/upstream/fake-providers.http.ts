// The demo's fake providers over their admin API: GET/PUT /admin/faults on each, and the carrier's
// rules (GET/PUT /admin/rules) for refusing every booking — the rest of its rules kept as they are.
import type { FakeProviders, ProviderState } from '../../application/ports/fake-providers';
import type { FakeProvider } from '../../config';
import type { ProviderFaults } from '../../domain/fault-switches';
import { HttpUpstream } from './http-upstream';

export class HttpFakeProviders implements FakeProviders {
  private readonly upstreams: Map<string, HttpUpstream>;

  constructor(
    readonly configured: FakeProvider[],
    timeoutMs: number,
  ) {
    this.upstreams = new Map(configured.map((p) => [p.name, new HttpUpstream(p.name, p.url, timeoutMs)]));
  }

  async state(provider: FakeProvider): Promise<ProviderState> {
    const upstream = this.upstreamOf(provider);
    const faults = (await upstream.request<ProviderFaults>('GET', '/admin/faults')).body;
    if (provider.kind !== 'carrier') return { faults };
    const rules = (await upstream.request<{ refuseAll?: boolean }>('GET', '/admin/rules')).body;
    return { faults, refuseAll: rules.refuseAll ?? false };
  }

  async setFaults(provider: FakeProvider, faults: ProviderFaults): Promise<void> {
    await this.upstreamOf(provider).request('PUT', '/admin/faults', { body: faults });
  }

  async setRefuseAll(provider: FakeProvider, refuseAll: boolean): Promise<void> {
    const upstream = this.upstreamOf(provider);
    const rules = (await upstream.request<Record<string, unknown>>('GET', '/admin/rules')).body;
    await upstream.request('PUT', '/admin/rules', { body: { ...rules, refuseAll } });
  }

  private upstreamOf(provider: FakeProvider): HttpUpstream {
    const upstream = this.upstreams.get(provider.name);
    if (!upstream) throw new Error(`fake provider ${provider.name} is not configured`);
    return upstream;
  }
}
