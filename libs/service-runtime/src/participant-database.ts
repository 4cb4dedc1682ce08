// The schema every service's database carries — its event store, outbox and inbox, and work queue —
// and a saga participant's context over such a database: what the service builds at start, and what
// a test needs to drive the participant's use cases against PostgreSQL without the rest of the service.
import type { Pool } from 'pg';
import { EventStore, eventStoreMigrations, migrate, type Migration } from '@eventshop/event-store';
import { messagingMigrations, Outbox } from '@eventshop/messaging';
import { workQueueMigrations } from '@eventshop/work-queue';
import type { ParticipantContext, ParticipantTopics } from './service-base-config';

export const serviceMigrations: Migration[] = [...eventStoreMigrations, ...messagingMigrations, ...workQueueMigrations];

/** Migrates `pool`'s database to the service schema; the participant's store and outbox on it, with its topics. */
export async function participantContextOn<T extends ParticipantTopics>(pool: Pool, service: string, topics: T): Promise<ParticipantContext & { topics: T }> {
  await migrate(pool, serviceMigrations);
  return { store: new EventStore(pool), outbox: new Outbox(service), topics };
}
