// Use case: follow order changes live — of one order, of one customer's orders, or of all — as they
// are projected, resuming after the last change a subscriber saw (its Last-Event-ID), so a reconnect
// misses nothing; or only what happens from now on. The feed keeps changes for a retention period: a
// subscriber resuming from before what is kept is refused (ChangesNoLongerKept), not silently given
// the rest.
import { Observable } from 'rxjs';
import type { OrderChangeBroadcast } from './order-change-broadcast';
import { comesAfter, isFeedId, type FeedFilter, type FeedItem, type OrderChangeFeed } from './ports/order-views';

export interface FollowOptions extends FeedFilter {
  /** The id of the last change the subscriber saw (SSE Last-Event-ID); from the oldest change kept when absent. */
  after?: string;
  /** Skip the history: start after the newest change visible now (ignored when `after` is given). */
  fromNow?: boolean;
}

const PAGE = 500;

/** Changes after the id a subscriber resumes from were let go: it must read the current state again and follow from now on. */
export class ChangesNoLongerKept extends Error {
  constructor(readonly after: string) {
    super(`the changes after ${after} are no longer kept; read the current state again and follow from now on`);
  }
}

/**
 * Follows order changes: first what the subscriber has not seen yet, read on its own (with its filter),
 * then what the process's one reader of the feed (the broadcast) hands every subscriber — each change
 * once, in the feed's order, none skipped at the seam.
 */
export async function followOrderChanges(
  feed: OrderChangeFeed,
  broadcast: OrderChangeBroadcast,
  { after, fromNow, orderId, customerId }: FollowOptions,
): Promise<Observable<FeedItem>> {
  if (after !== undefined && !(await feed.keepsAfter(after))) throw new ChangesNoLongerKept(after);
  // "From now on" means from this request: what happens before the stream opens is in it. An id that
  // is not the feed's reads from the oldest change kept, as none does.
  const start = (after !== undefined && isFeedId(after) ? after : undefined) ?? (fromNow ? await feed.head() : undefined);
  const wanted = (item: FeedItem) => (!orderId || item.change.orderId === orderId) && (!customerId || item.change.customerId === customerId);
  return new Observable<FeedItem>((subscriber) => {
    let following = true;
    let last = start; // the newest change given (or where to start after)
    let caughtUp = false;
    const meanwhile: FeedItem[] = []; // what the broadcast handed over while catching up
    const give = (item: FeedItem) => {
      if (last !== undefined && !comesAfter(item.id, last)) return; // given already
      last = item.id;
      subscriber.next(item);
    };
    let stopListening: (() => void) | undefined;
    (async () => {
      const leave = await broadcast.listen({
        next: (item) => {
          if (!wanted(item)) return;
          if (caughtUp) give(item);
          else meanwhile.push(item);
        },
        error: (error) => subscriber.error(error),
      });
      if (!following) return leave();
      stopListening = leave;
      for (let page = PAGE; page === PAGE && following;) {
        const items = await feed.read(last, { orderId, customerId }, PAGE);
        for (const item of items) give(item);
        page = items.length;
      }
      caughtUp = true;
      for (const item of meanwhile.splice(0)) give(item);
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      following = false; // the subscriber left (the connection closed)
      stopListening?.();
    };
  });
}
