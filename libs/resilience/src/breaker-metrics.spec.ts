import { Registry } from 'prom-client';
import { Breaker } from './breaker';
import { registerBreakerMetrics } from './breaker-metrics';

describe('registerBreakerMetrics', () => {
  it("exposes each breaker's state, rates and transitions to Prometheus", async () => {
    const registry = new Registry();
    const breaker = new Breaker('psp-primary', async () => Promise.reject(new Error('503')), { policy: { minimumCalls: 2, openDurationMs: 60_000 } });
    registerBreakerMetrics(registry, [breaker]);
    expect(await registry.metrics()).toContain('eventshop_breaker_state{breaker="psp-primary"} 0');
    for (let i = 0; i < 2; i++) await breaker.fire().catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain('eventshop_breaker_state{breaker="psp-primary"} 2');
    expect(text).toContain('eventshop_breaker_failure_rate{breaker="psp-primary"} 100');
    expect(text).toContain('eventshop_breaker_transitions_total{breaker="psp-primary",state="open"} 1');
    breaker.shutdown();
  });
});
