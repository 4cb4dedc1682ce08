// One projected order change as a Server-Sent Event: its feed id (what Last-Event-ID resumes after),
// the event type every stream uses, and the change.
import type { MessageEvent } from '@nestjs/common';
import type { FeedItem } from '../../application/ports/order-views';

export const asOrderChangeEvent = (item: FeedItem): MessageEvent => ({ id: item.id, type: 'order-change', data: item.change });
