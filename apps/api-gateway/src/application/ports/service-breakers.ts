// The breakers the services guard their calls to the outside with (payment: a breaker per PSP;
// shipping: the carrier's), as each service reports them at GET /breakers.
import type { BreakerStats } from '@eventshop/resilience';

export interface ServiceBreakerStates {
  service: string;
  breakers: (BreakerStats & { name: string })[];
  /** Set when the service did not answer: its breakers are unknown right now. */
  unavailable?: string;
}

export interface ServiceBreakers {
  states(): Promise<ServiceBreakerStates[]>;
}
