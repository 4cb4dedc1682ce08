// Use case: follow order changes live — of one order, or of all — as they are projected, resuming
// after the last change a subscriber saw (its Last-Event-ID), so a reconnect misses nothing.
import { Observable } from 'rxjs';
import type { FeedItem, OrderChangeFeed } from './ports/order-views';

export interface FollowOptions {
  /** The id of the last change the subscriber saw (SSE Last-Event-ID); from the start when absent. */
  after?: string;
  /** One order's changes only. */
  orderId?: string;
  /** How often to look for new changes when the last look found none. */
  pollMs?: number;
}

const PAGE = 500;

export function followOrderChanges(feed: OrderChangeFeed, { after, orderId, pollMs = 100 }: FollowOptions): Observable<FeedItem> {
  return new Observable<FeedItem>((subscriber) => {
    let following = true;
    let last = after;
    (async () => {
      while (following) {
        const items = await feed.read(last, orderId, PAGE);
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
