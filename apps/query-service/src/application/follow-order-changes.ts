// Use case: follow order changes live — of one order, of one customer's orders, or of all — as they
// are projected, resuming after the last change a subscriber saw (its Last-Event-ID), so a reconnect
// misses nothing; or only what happens from now on. The feed keeps changes for a retention period: a
// subscriber resuming from before what is kept is refused (ChangesNoLongerKept), not silently given
// the rest.
import { Observable } from 'rxjs';
import type { FeedFilter, FeedItem, OrderChangeFeed } from './ports/order-views';

export interface FollowOptions extends FeedFilter {
  /** The id of the last change the subscriber saw (SSE Last-Event-ID); from the oldest change kept when absent. */
  after?: string;
  /** Skip the history: start after the newest change visible now (ignored when `after` is given). */
  fromNow?: boolean;
  /** How often to look for new changes when the last look found none. */
  pollMs?: number;
}

const PAGE = 500;

/** Changes after the id a subscriber resumes from were let go: it must read the current state again and follow from now on. */
export class ChangesNoLongerKept extends Error {
  constructor(readonly after: string) {
    super(`the changes after ${after} are no longer kept; read the current state again and follow from now on`);
  }
}

export async function followOrderChanges(
  feed: OrderChangeFeed,
  { after, fromNow, orderId, customerId, pollMs = 100 }: FollowOptions,
): Promise<Observable<FeedItem>> {
  if (after !== undefined && !(await feed.keepsAfter(after))) throw new ChangesNoLongerKept(after);
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
