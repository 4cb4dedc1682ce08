// Use case: follow order changes live — of one order, of one customer's orders, or of all — as they
// are projected, resuming after the last change a subscriber saw (its Last-Event-ID), so a reconnect
// misses nothing; or only what happens from now on.
import { Observable } from 'rxjs';
import type { FeedFilter, FeedItem, OrderChangeFeed } from './ports/order-views';

export interface FollowOptions extends FeedFilter {
  /** The id of the last change the subscriber saw (SSE Last-Event-ID); from the start when absent. */
  after?: string;
  /** Skip the history: start after the newest change visible now (ignored when `after` is given). */
  fromNow?: boolean;
  /** How often to look for new changes when the last look found none. */
  pollMs?: number;
}

const PAGE = 500;

export function followOrderChanges(feed: OrderChangeFeed, { after, fromNow, orderId, customerId, pollMs = 100 }: FollowOptions): Observable<FeedItem> {
  return new Observable<FeedItem>((subscriber) => {
    let following = true;
    let last = after;
    (async () => {
      if (last === undefined && fromNow) last = await feed.head();
      while (following) {
        const items = await feed.read(last, { orderId, customerId }, PAGE);
        for (const item of items) {
          if (!following) return;
          subscriber.next(item);
          last = item.id;
        }
        if (items.length < PAGE) await new Promise((r) => setTimeout(r, pollMs));
      }
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      following = false; // the subscriber left (the connection closed)
    };
  });
}
