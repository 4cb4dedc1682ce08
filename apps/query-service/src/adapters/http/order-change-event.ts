// Projected order changes as Server-Sent Events: each with its feed id (what Last-Event-ID resumes
// after), the event type every stream uses, and the change. Resuming from before what the feed still
// keeps is a 410 Gone, answered before the stream opens.
import { GoneException, type MessageEvent } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { ChangesNoLongerKept } from '../../application/follow-order-changes';
import type { FeedItem } from '../../application/ports/order-views';

export const asOrderChangeEvent = (item: FeedItem): MessageEvent => ({ id: item.id, type: 'order-change', data: item.change });

export async function orderChangeEvents(following: Promise<Observable<FeedItem>>): Promise<Observable<MessageEvent>> {
  try {
    return (await following).pipe(map(asOrderChangeEvent));
  } catch (error) {
    if (error instanceof ChangesNoLongerKept) throw new GoneException(error.message);
    throw error;
  }
}
