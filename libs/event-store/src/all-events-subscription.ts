// Follows the global order from a checkpoint: reads batches with readAll and hands each to `onEvents`
// before moving on. Where the checkpoint is stored is the subscriber's business (a projection stores
// it in the same transaction as its rows).
import { BackgroundLoop } from '@eventshop/lifecycle';
import type { EventStore } from './event-store';
import { readAll, START, type GlobalCheckpoint } from './read-all';
import type { RecordedEvent } from './types';

export interface AllEventsSubscriptionOptions {
  from?: GlobalCheckpoint;
  batchSize?: number;
  /** How long to wait before asking again when the last read found nothing new. */
  idleDelayMs?: number;
  onEvents(events: RecordedEvent[], checkpoint: GlobalCheckpoint): Promise<void>;
  onError?(error: unknown): void;
}

export class AllEventsSubscription extends BackgroundLoop {
  private checkpoint: GlobalCheckpoint;

  constructor(
    private readonly store: Pick<EventStore, 'pool' | 'upcaster'>,
    private readonly options: AllEventsSubscriptionOptions,
  ) {
    super();
    this.checkpoint = options.from ?? START;
  }

  get position(): GlobalCheckpoint {
    return this.checkpoint;
  }

  protected async run(): Promise<void> {
    const { batchSize = 500, idleDelayMs = 20 } = this.options;
    while (this.running) {
      try {
        const batch = await readAll(this.store, this.checkpoint, { limit: batchSize });
        if (batch.events.length > 0) {
          await this.options.onEvents(batch.events, batch.checkpoint);
          this.checkpoint = batch.checkpoint;
          continue;
        }
      } catch (error) {
        // The checkpoint did not move, so the same batch is read again after the pause.
        this.options.onError?.(error);
      }
      await this.wakeup.sleep(idleDelayMs);
    }
  }
}
