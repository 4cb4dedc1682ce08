// Order changes as they are projected, from the read side's live stream: of one order (from its
// start), or of one customer's orders or of every order (from now on).
import type { Observable } from 'rxjs';

export interface LiveChange {
  /** The change's place in the read side's feed. */
  id: string;
  orderId: string;
  customerId?: string;
  status?: string;
  entry?: { source: string; kind: string; step?: string; attempt?: number; reason?: string; at: string };
}

export type LiveScope = { orderId: string } | { customerId: string } | { everyOrder: true };

export interface LiveChanges {
  follow(scope: LiveScope): Observable<LiveChange>;
}
