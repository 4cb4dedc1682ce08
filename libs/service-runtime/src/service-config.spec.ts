import { z } from 'zod';
import { baseConfigFromEnv, serviceConfigFromEnv } from './service-base-config';
import { infrastructureEnv, loadConfig } from './service-config';

describe('loadConfig', () => {
  const schema = infrastructureEnv.extend({ PORT: z.coerce.number().int().default(3002), PGDATABASE: z.string().default('inventory') });

  it('fills defaults and parses lists', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' })).toMatchObject({
      PORT: 3002,
      PGDATABASE: 'inventory',
      KAFKA_BROKERS: ['a:1', 'b:2'],
      PGPORT: 5432,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/invalid configuration: PORT: /);
  });
});

describe('baseConfigFromEnv', () => {
  it('reads the topic prefix and the work lease, with defaults', () => {
    expect(baseConfigFromEnv({ port: 3003, database: 'payment' }, {})).toMatchObject({
      port: 3003,
      topicPrefix: '',
      workLeaseMs: 30_000,
      database: { database: 'payment' },
    });
    expect(baseConfigFromEnv({ port: 3003, database: 'payment' }, { TOPIC_PREFIX: 'run-1.', WORK_LEASE_MS: '3000' })).toMatchObject({
      topicPrefix: 'run-1.',
      workLeaseMs: 3000,
    });
  });

  it('sizes the connection pool from PG_POOL_SIZE, 10 by default, and refuses a pool of fewer than 4', () => {
    expect(baseConfigFromEnv({ port: 3003, database: 'payment' }, {}).database.max).toBe(10);
    expect(baseConfigFromEnv({ port: 3003, database: 'payment' }, { PG_POOL_SIZE: '6' }).database.max).toBe(6);
    // The relay's leader and each work queue's listener hold a connection each for as long as they run.
    expect(() => baseConfigFromEnv({ port: 3003, database: 'payment' }, { PG_POOL_SIZE: '3' })).toThrow(/PG_POOL_SIZE/);
    expect(() => baseConfigFromEnv({ port: 3003, database: 'payment' }, { PG_POOL_SIZE: 'many' })).toThrow(/PG_POOL_SIZE/);
  });

  it('refuses a lease that is not a positive number', () => {
    expect(() => baseConfigFromEnv({ port: 3003, database: 'payment' }, { WORK_LEASE_MS: '0' })).toThrow(/WORK_LEASE_MS/);
  });
});

describe('serviceConfigFromEnv', () => {
  it("prefixes the service's topics and reads its own variables beside the shared ones", () => {
    const own = z.object({ CARRIER_URL: z.url().default('http://127.0.0.1:3012') });
    const { config, own: read } = serviceConfigFromEnv({ port: 3004, database: 'shipping', topics: { commands: 'shipping.commands' } }, own, {
      TOPIC_PREFIX: 'run-1.',
    });
    expect(config).toMatchObject({ port: 3004, database: { database: 'shipping' }, topics: { commands: 'run-1.shipping.commands' } });
    expect(read).toEqual({ CARRIER_URL: 'http://127.0.0.1:3012' });
  });

  it("names a wrong variable of the service's own", () => {
    const own = z.object({ CARRIER_URL: z.url() });
    expect(() => serviceConfigFromEnv({ port: 3004, database: 'shipping', topics: {} }, own, { CARRIER_URL: 'not a url' })).toThrow(/CARRIER_URL/);
  });
});
