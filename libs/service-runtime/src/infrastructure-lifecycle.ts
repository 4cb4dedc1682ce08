// Starts the service's infrastructure when Nest has built the app and stops it on shutdown (SIGTERM),
// so consumers leave their group cleanly and the relay releases its leadership.
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceInfrastructure } from './service-infrastructure';

@Injectable()
export class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly infrastructure: ServiceInfrastructure) {}

  onApplicationBootstrap(): Promise<void> {
    return this.infrastructure.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.infrastructure.stop();
  }
}
