// What every service imports once: its infrastructure (database, event store, outbox and relay,
// consumers, work-queue workers), started when the app has bootstrapped and stopped on shutdown, with
// health, metrics and breaker endpoints. It provides what handlers inject — EventStore, Outbox, the metrics
// Registry, the service's logger (SERVICE_LOGGER) and ServiceInfrastructure to register consumers
// and workers with (from onModuleInit, before the start).
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStore, type Migration } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { Registry } from 'prom-client';
import { BreakersController } from './breakers.controller';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from './health.controller';
import { InfrastructureLifecycle } from './infrastructure-lifecycle';
import { MetricsController } from './metrics.controller';
import type { ServiceBaseConfig } from './service-base-config';
import { ServiceInfrastructure } from './service-infrastructure';

/** The service's pino logger (the `Logger` shape of @eventshop/observability). */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

export interface ServiceRuntimeOptions {
  /** The service's short name: its outbox, consumer groups and logs are named after it. */
  service: string;
  config: ServiceBaseConfig;
  /** Topics the service writes or reads (created at start, with their DLQs). */
  topics: string[];
  /** The service's own tables, migrated after the event store's, messaging's and the work queue's. */
  migrations?: Migration[];
}

@Module({})
export class ServiceRuntimeModule {
  static forService(options: ServiceRuntimeOptions): DynamicModule {
    const fromInfrastructure = <T>(pick: (infrastructure: ServiceInfrastructure) => T) => ({ useFactory: pick, inject: [ServiceInfrastructure] });
    return {
      module: ServiceRuntimeModule,
      global: true,
      imports: [TerminusModule],
      controllers: [HealthController, MetricsController, BreakersController],
      providers: [
        { provide: SERVICE_LOGGER, useFactory: () => createLogger(`${options.service}-service`, options.config.logLevel) },
        {
          provide: ServiceInfrastructure,
          useFactory: (logger: ReturnType<typeof createLogger>) =>
            ServiceInfrastructure.forService(options.service, options.config, options.topics, logger, { migrations: options.migrations }),
          inject: [SERVICE_LOGGER],
        },
        { provide: EventStore, ...fromInfrastructure((i) => i.store) },
        { provide: Outbox, ...fromInfrastructure((i) => i.outbox) },
        { provide: Registry, ...fromInfrastructure((i) => i.metrics) },
        {
          provide: READINESS_CHECKS,
          ...fromInfrastructure((i): ReadinessCheck[] => [
            { name: 'postgres', answers: () => i.databaseAnswers() },
            { name: 'kafka', answers: () => i.kafkaAnswers() },
            // Dead letters need a person, not a restart: degraded, never down.
            { name: 'dead-letters', answers: async () => true, degraded: () => i.deadLettersWaiting() },
          ]),
        },
        InfrastructureLifecycle,
      ],
      exports: [SERVICE_LOGGER, ServiceInfrastructure, EventStore, Outbox, Registry],
    };
  }
}
