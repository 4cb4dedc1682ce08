// The shapes that go into and come out of the event store.

/** An event as a decider produces it. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  streamId: string;
  streamVersion: number;
  globalPosition: bigint;
  /** The writing transaction; with globalPosition it is the commit-safe order of readAll. */
  txId: bigint;
  type: E['type'];
  schemaVersion: number;
  data: E['data'];
  metadata: EventMetadata;
  createdAt: Date;
}

/**
 * What the writer believes the stream's version is: a number (0 = the stream must not exist yet),
 * 'any' (no check), or 'exists' (at least one event).
 */
export type ExpectedVersion = number | 'any' | 'exists';

/** Upcasts a stored payload to the version the code reads; structurally the contracts' UpcasterRegistry. */
export interface Upcaster {
  upcast(payload: { type: string; schemaVersion: number; data: unknown }): { type: string; schemaVersion: number; data: unknown };
  latestVersionOf(type: string): number;
}
