// Gathers what a consumer fetches from all its partitions for a short window, so that one transaction
// takes what arrived close together across partitions and topics. At low rates an order's facts reach
// the read side one fetch at a time, each on a partition of its own: handled as they come, every fact
// costs a transaction; gathered for a few tens of milliseconds, an order's facts share a few.
// The window flushes when its time is up or when it holds `maxSize` messages (then the fetch that
// filled it waits for the flush: the window never grows without bound), one flush after another, so
// a partition's messages are handled in their order.
export interface NextOffset {
  topic: string;
  partition: number;
  /** The offset after the last message gathered of this partition: what Kafka may commit once they are handled. */
  offset: string;
}

export interface Gathered<R> {
  received: R[];
  nextOffsets: NextOffset[];
}

export class GatheringWindow<R> {
  private received: R[] = [];
  private readonly nextOffsets = new Map<string, NextOffset>();
  private timer?: NodeJS.Timeout;
  private flushed: Promise<void> = Promise.resolve();

  constructor(
    private readonly windowMs: number,
    private readonly maxSize: number,
    /** Handles what was gathered; it must not throw (what it cannot handle stays uncommitted, to come again). */
    private readonly flush: (gathered: Gathered<R>) => Promise<void>,
  ) {}

  /** Adds one partition's fetched messages, in offset order; waits only for a flush it made the window full for. */
  add(received: R[], next: NextOffset): Promise<void> {
    this.received.push(...received);
    this.nextOffsets.set(`${next.topic}:${next.partition}`, next);
    if (this.received.length >= this.maxSize) return this.flushNow();
    this.timer ??= setTimeout(() => void this.flushNow(), this.windowMs);
    return Promise.resolve();
  }

  /** Flushes what is gathered now, after the flushes before it; resolves once it has been handled. */
  flushNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const gathered: Gathered<R> = { received: this.received.splice(0), nextOffsets: [...this.nextOffsets.values()] };
    this.nextOffsets.clear();
    if (gathered.nextOffsets.length > 0) this.flushed = this.flushed.then(() => this.flush(gathered));
    return this.flushed;
  }

  /** Drops what is gathered and stops the timer: it was not handled, so it is not committed, and comes again. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.received = [];
    this.nextOffsets.clear();
  }
}
