// Keeps the inbox from growing forever: a background job deletes the records of handled messages once
// no redelivery could still need them. A record must outlive every way its message can come again —
// the relay republishing after a crash, a consumer group rewound to the earliest offset — and the
// latest of those is the message leaving its topic. So a record goes only when it is older than both
// the configured age and the retention of every topic the service consumes; while any of them keeps
// messages forever (retention.ms -1), nothing goes. Deleted in small batches, so no long lock.
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { BackgroundLoop } from '@eventshop/lifecycle';
import type { Logger } from '@eventshop/observability';

export interface InboxRetentionOptions {
  pool: Pool;
  kafka: Kafka;
  /** The topics the service's consumers read. */
  topics: () => string[];
  /** The least age a record reaches before it may go (INBOX_RETENTION_MS). */
  minimumAgeMs: number;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
}

export class InboxRetention extends BackgroundLoop {
  constructor(private readonly options: InboxRetentionOptions) {
    super();
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        const deleted = await this.sweep();
        if (deleted > 0) this.options.logger.info({ deleted }, 'inbox records past their retention deleted');
      } catch (error) {
        this.options.logger.warn({ err: error }, 'inbox retention failed; trying again later');
      }
      await this.wakeup.sleep(this.options.intervalMs ?? 10 * 60_000);
    }
  }

  /** How old a record must be to go, or undefined when a consumed topic keeps its messages forever. */
  async windowMs(): Promise<number | undefined> {
    const topics = this.options.topics();
    if (topics.length === 0) return this.options.minimumAgeMs;
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
      });
      let window = this.options.minimumAgeMs;
      for (const resource of resources) {
        const retention = Number(resource.configEntries.find((e) => e.configName === 'retention.ms')?.configValue ?? Number.NaN);
        if (!Number.isFinite(retention) || retention < 0) return undefined; // unknown or forever: keep everything
        window = Math.max(window, retention);
      }
      return window;
    } finally {
      await admin.disconnect();
    }
  }

  /** One pass: deletes every record older than the window; returns how many went. */
  async sweep(): Promise<number> {
    const window = await this.windowMs();
    if (window === undefined) return 0;
    const batchSize = this.options.batchSize ?? 5_000;
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.options.pool.query({
        name: 'inbox-retention',
        text: `DELETE FROM inbox WHERE ctid IN (
                 SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(secs => $1 / 1000.0) LIMIT $2)`,
        values: [window, batchSize],
      });
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) return deleted;
    }
  }
}
