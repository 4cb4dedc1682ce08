import { endpointsFromEnv, endpointsToEnv } from './endpoints';

describe('test endpoints from the environment', () => {
  it('round-trips through environment variables', () => {
    const endpoints = { postgres: { host: 'db', port: 6543, user: 'u', password: 'p' }, kafkaBrokers: ['a:1', 'b:2'] };
    expect(endpointsFromEnv(endpointsToEnv(endpoints))).toEqual(endpoints);
  });

  it('is undefined unless both PostgreSQL and Kafka are given', () => {
    expect(endpointsFromEnv({ PGHOST: 'db' })).toBeUndefined();
    expect(endpointsFromEnv({ KAFKA_BROKERS: 'k:9092' })).toBeUndefined();
  });

  it('defaults the port and user like libpq does', () => {
    expect(endpointsFromEnv({ PGHOST: 'db', KAFKA_BROKERS: 'k:9092' })?.postgres).toEqual({ host: 'db', port: 5432, user: 'postgres', password: '' });
  });
});
