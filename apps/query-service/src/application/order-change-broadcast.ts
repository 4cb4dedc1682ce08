// One reader of the change feed per process for every live subscriber: while anyone listens, it reads
// what is new for all orders (one query every pollMs) and hands each change to every listener, which
// keeps what its filter lets through. A hundred dashboards cost the database what one costs, where a
// reader per subscriber cost a query each every pollMs. What came before a listener joined, it reads
// on its own (followOrderChanges).
import type { FeedItem, OrderChangeFeed } from './ports/order-views';

export interface ChangeListener {
  next(item: FeedItem): void;
  /** The feed could not be read: the listener is dropped (its subscriber reconnects and resumes). */
  error(error: unknown): void;
}

const PAGE = 500;

export class OrderChangeBroadcast {
  private readonly listeners = new Set<ChangeListener>();
  /** The reader while anyone listens, and when it knows where it starts from. */
  private reader?: { started: Promise<void> };

  constructor(
    private readonly feed: OrderChangeFeed,
    private readonly pollMs = 100,
  ) {}

  /**
   * Hands the listener every change read from now on, until the returned function is called. Once
   * this resolves, the listener is given every change after the feed's head as it is then: what a
   * subscriber reads of the feed itself afterwards, up to the head it finds, leaves no gap.
   */
  async listen(listener: ChangeListener): Promise<() => void> {
    this.listeners.add(listener);
    await this.keepReading();
    return () => void this.listeners.delete(listener);
  }

  private keepReading(): Promise<void> {
    if (!this.reader) {
      let started!: () => void;
      this.reader = { started: new Promise<void>((resolve) => (started = resolve)) };
      void this.read(started).finally(() => {
        this.reader = undefined;
        if (this.listeners.size > 0) void this.keepReading(); // one joined as the last one left
      });
    }
    return this.reader.started;
  }

  /** One listener's failure ends that listener, not the others. */
  private hand(listener: ChangeListener, item: FeedItem): void {
    try {
      listener.next(item);
    } catch (error) {
      this.listeners.delete(listener);
      listener.error(error);
    }
  }

  private async read(started: () => void): Promise<void> {
    try {
      let position = await this.feed.head();
      started();
      while (this.listeners.size > 0) {
        const items = await this.feed.read(position, {}, PAGE);
        for (const item of items) for (const listener of [...this.listeners]) this.hand(listener, item);
        position = items.at(-1)?.id ?? position;
        if (items.length < PAGE) await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      const dropped = [...this.listeners];
      this.listeners.clear();
      for (const listener of dropped) listener.error(error);
    } finally {
      started(); // no one waits for a reader that failed before it started
    }
  }
}
