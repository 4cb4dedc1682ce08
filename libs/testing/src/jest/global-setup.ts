// Jest global setup: make sure PostgreSQL and Kafka endpoints are in the environment the workers inherit.
import { endpointsToEnv } from '../endpoints';
import { startTestInfrastructure } from '../infrastructure';

export default async function globalSetup(): Promise<void> {
  const infrastructure = await startTestInfrastructure();
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  (globalThis as { __eventshopInfra?: typeof infrastructure }).__eventshopInfra = infrastructure;
}
