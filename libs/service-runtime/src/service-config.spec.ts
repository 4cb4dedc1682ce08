import { z } from 'zod';
import { infrastructureEnv, loadConfig } from './service-config';

describe('loadConfig', () => {
  const schema = infrastructureEnv.extend({ PORT: z.coerce.number().int().default(3002), PGDATABASE: z.string().default('inventory') });

  it('fills defaults and parses lists', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' })).toMatchObject({ PORT: 3002, PGDATABASE: 'inventory', KAFKA_BROKERS: ['a:1', 'b:2'], PGPORT: 5432 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/invalid configuration: PORT: /);
  });
});
