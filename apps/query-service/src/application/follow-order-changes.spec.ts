import { firstValueFrom, type Observable, type Subscription } from 'rxjs';
import { ChangesNoLongerKept, followOrderChanges } from './follow-order-changes';
import { OrderChangeBroadcast } from './order-change-broadcast';
import { comesAfter, type FeedFilter, type FeedItem, type OrderChangeFeed } from './ports/order-views';

/** The feed in memory, in one transaction's positions; it remembers every read and may act during one. */
class MemoryFeed implements OrderChangeFeed {
  readonly items: FeedItem[] = [];
  readonly reads: FeedFilter[] = [];
  failing = false;
  duringNextFilteredRead?: () => Promise<void>;

  add(orderId: string, customerId?: string): FeedItem {
    const item = { id: `7.${this.items.length + 1}`, change: { orderId, ...(customerId ? { customerId } : {}) } };
    this.items.push(item);
    return item;
  }

  async read(after: string | undefined, filter: FeedFilter, limit: number): Promise<FeedItem[]> {
    if (this.failing) throw new Error('connection terminated');
    this.reads.push(filter);
    const read = this.items
      .filter((i) => (after === undefined || comesAfter(i.id, after)) && (!filter.orderId || i.change.orderId === filter.orderId))
      .filter((i) => !filter.customerId || i.change.customerId === filter.customerId)
      .slice(0, limit);
    if (filter.orderId || filter.customerId) {
      const act = this.duringNextFilteredRead;
      this.duringNextFilteredRead = undefined;
      await act?.(); // a change committed while this read runs, after the moment it reads: not in what it answers
    }
    return read;
  }

  async head(): Promise<string | undefined> {
    return this.items.at(-1)?.id;
  }

  async keepsAfter(after: string): Promise<boolean> {
    return after !== 'let-go';
  }
}

/** Collects what a subscriber receives; `until` resolves once `enough` have arrived. */
function collect(changes: Observable<FeedItem>) {
  const received: FeedItem[] = [];
  let failure: unknown;
  const subscription: Subscription = changes.subscribe({ next: (item) => received.push(item), error: (error) => (failure = error) });
  const until = async (enough: number) => {
    for (let waited = 0; received.length < enough && failure === undefined && waited < 2_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    return received.map((item) => item.change.orderId);
  };
  return { received, until, failure: () => failure, stop: () => subscription.unsubscribe() };
}

describe('followOrderChanges', () => {
  let feed: MemoryFeed;
  let broadcast: OrderChangeBroadcast;
  const stops: (() => void)[] = [];
  beforeEach(() => {
    feed = new MemoryFeed();
    broadcast = new OrderChangeBroadcast(feed, 5);
  });
  afterEach(() => stops.splice(0).forEach((stop) => stop()));
  const follow = async (options: Parameters<typeof followOrderChanges>[2]) => {
    const subscriber = collect(await followOrderChanges(feed, broadcast, options));
    stops.push(subscriber.stop);
    return subscriber;
  };

  it("gives one order's history, then its live changes, each once and in order, and nobody else's", async () => {
    feed.add('o-1');
    feed.add('o-2');
    feed.add('o-1');
    const subscriber = await follow({ orderId: 'o-1' });
    expect(await subscriber.until(2)).toEqual(['o-1', 'o-1']);
    feed.add('o-2');
    feed.add('o-1');
    expect(await subscriber.until(3)).toEqual(['o-1', 'o-1', 'o-1']);
    expect(subscriber.received.map((item) => item.id)).toEqual(['7.1', '7.3', '7.5']);
  });

  it('resumes after the id it is given, or from now on, and leaves no change out at the seam', async () => {
    feed.add('o-1');
    feed.add('o-1');
    // A change committed while the subscriber reads what it missed, and read by the broadcast before
    // that read answers: it reaches the subscriber once, after what it missed.
    feed.duringNextFilteredRead = async () => {
      feed.add('o-1');
      await new Promise((r) => setTimeout(r, 50)); // several of the broadcast's polls
    };
    const resumed = await follow({ orderId: 'o-1', after: '7.1' });
    expect(await resumed.until(2)).toEqual(['o-1', 'o-1']);
    expect(resumed.received.map((item) => item.id)).toEqual(['7.2', '7.3']);

    const fromNow = await follow({ fromNow: true, customerId: 'c-9' });
    feed.add('o-4', 'c-8');
    feed.add('o-5', 'c-9');
    expect(await fromNow.until(1)).toEqual(['o-5']);
  });

  it('reads the feed once per poll for every subscriber together, not once per subscriber', async () => {
    feed.add('o-0');
    const subscribers = await Promise.all(Array.from({ length: 20 }, (_, i) => follow({ orderId: `o-${i}` })));
    await subscribers[0].until(1);
    const caughtUp = feed.reads.length;
    for (let i = 0; i < 20; i++) feed.add(`o-${i}`);
    await Promise.all(subscribers.map((subscriber, i) => subscriber.until(i === 0 ? 2 : 1)));
    // Since they caught up, only the broadcast has read: every order's changes, no subscriber's alone.
    expect(feed.reads.slice(caughtUp).every((filter) => !filter.orderId && !filter.customerId)).toBe(true);
    expect(subscribers.map((subscriber) => subscriber.received.length)).toEqual([2, ...Array(19).fill(1)]);
  });

  it("reads from the oldest change kept for a Last-Event-ID that is not the feed's, and leaves the other subscribers alone", async () => {
    feed.add('o-1');
    const other = await follow({});
    const garbled = await follow({ after: 'not-an-id' });
    feed.add('o-2');
    expect(await garbled.until(2)).toEqual(['o-1', 'o-2']);
    expect(await other.until(2)).toEqual(['o-1', 'o-2']);
    expect([garbled.failure(), other.failure()]).toEqual([undefined, undefined]);
  });

  it('refuses to resume from a change no longer kept, before anything is streamed', async () => {
    await expect(followOrderChanges(feed, broadcast, { after: 'let-go' })).rejects.toThrow(ChangesNoLongerKept);
  });

  it('ends every subscriber with the error when the feed cannot be read, so that it reconnects', async () => {
    const subscriber = await follow({});
    await subscriber.until(0);
    feed.failing = true;
    await expect(firstValueFrom(await followOrderChanges(feed, broadcast, {}))).rejects.toThrow('connection terminated');
    for (let waited = 0; subscriber.failure() === undefined && waited < 1_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    expect(subscriber.failure()).toEqual(new Error('connection terminated'));
  });
});
