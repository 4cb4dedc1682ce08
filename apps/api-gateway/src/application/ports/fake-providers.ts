// The demo's fake providers as the dashboard's switches reach them: their faults, and a carrier's
// rule to refuse every booking. Implemented over their admin HTTP API (adapters/upstream).
import type { FakeProvider } from '../../config';
import type { ProviderFaults } from '../../domain/fault-switches';

export interface ProviderState {
  faults: ProviderFaults;
  /** Carriers only. */
  refuseAll?: boolean;
}

export interface FakeProviders {
  /** The providers configured (none outside the demo). */
  readonly configured: FakeProvider[];
  state(provider: FakeProvider): Promise<ProviderState>;
  setFaults(provider: FakeProvider, faults: ProviderFaults): Promise<void>;
  setRefuseAll(provider: FakeProvider, refuseAll: boolean): Promise<void>;
}
