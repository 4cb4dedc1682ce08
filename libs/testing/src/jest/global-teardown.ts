// Jest global teardown: stop only what global setup started (nothing, when endpoints came from env).
import type { TestInfrastructure } from '../infrastructure';

export default async function globalTeardown(): Promise<void> {
  const infrastructure = (globalThis as { __eventshopInfra?: TestInfrastructure }).__eventshopInfra;
  await infrastructure?.stop();
}
