// A migrated event store in a fresh database, for this library's integration tests.
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { EventStore } from '../event-store';
import { migrate } from '../migrator';
import { eventStoreMigrations } from '../schema';
import type { Upcaster } from '../types';

export interface EventStoreFixture {
  db: TestDatabase;
  store: EventStore;
}

export async function eventStoreFixture(label: string, upcaster?: Upcaster): Promise<EventStoreFixture> {
  const db = await createTestDatabase(label);
  await migrate(db.pool, eventStoreMigrations);
  return { db, store: new EventStore(db.pool, upcaster) };
}
