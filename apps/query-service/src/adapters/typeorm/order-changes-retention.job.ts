// Runs the change feed's retention in the background: once at start and then every minute (or every
// retention period, when that is shorter). Each replica runs it; trimming is safe side by side.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from '@eventshop/observability';
import type { DataSource } from 'typeorm';
import { QUERY_CONFIG, QUERY_LOGGER } from '../../application/tokens';
import { defaultOrderChangesRetentionMs, type QueryConfig } from '../../config';
import { OrderChangesRetention } from './order-changes-retention';

@Injectable()
export class OrderChangesRetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUERY_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const keepMs = this.config.orderChangesRetentionMs ?? defaultOrderChangesRetentionMs;
    const retention = new OrderChangesRetention(this.dataSource, keepMs);
    const trim = () => {
      if (this.running) return; // the previous run is still deleting
      this.running = retention
        .trim()
        .then((deleted) => {
          if (deleted > 0) this.logger.info({ deleted }, 'order changes past their retention deleted');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'deleting order changes past their retention failed; trying again later'))
        .finally(() => (this.running = undefined));
    };
    trim();
    this.timer = setInterval(trim, Math.min(60_000, keepMs)).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
