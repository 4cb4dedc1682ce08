// Live order changes from the read side's Server-Sent Events (HTTP/SSE inside, WebSocket outside).
// A dropped stream is reopened after a pause with the last event's id (Last-Event-ID), so a
// subscriber misses nothing while the query service restarts (within the read side's retention of
// its change feed); unsubscribing closes the stream.
import { createParser } from 'eventsource-parser';
import { Observable } from 'rxjs';
import type { LiveChange, LiveChanges, LiveScope } from '../../application/ports/live-changes';

const REOPEN_AFTER_MS = 1_000;

export class SseLiveChanges implements LiveChanges {
  constructor(private readonly queryUrl: string) {}

  follow(scope: LiveScope): Observable<LiveChange> {
    const stream =
      'orderId' in scope
        ? `${this.queryUrl}/orders/${encodeURIComponent(scope.orderId)}/stream`
        : 'customerId' in scope
          ? `${this.queryUrl}/customers/${encodeURIComponent(scope.customerId)}/orders/stream`
          : `${this.queryUrl}/orders/stream`;
    // One order from its start; many from now on. A reopened stream resumes after the last id seen instead.
    const firstOpen = 'orderId' in scope ? stream : `${stream}?from=now`;
    return new Observable<LiveChange>((subscriber) => {
      const closed = new AbortController();
      let lastId: string | undefined;
      (async () => {
        while (!closed.signal.aborted) {
          try {
            const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) };
            const response = await fetch(lastId ? stream : firstOpen, { headers, signal: closed.signal });
            // 410: the read side no longer keeps what followed the last id (it was away longer than its
            // retention): start over, as a new subscription would.
            if (response.status === 410) lastId = undefined;
            if (!response.ok || !response.body) throw new Error(`the read side's stream answered ${response.status}`);
            const parser = createParser({
              onEvent: (event) => {
                if (event.event !== 'order-change') return;
                lastId = event.id ?? lastId;
                subscriber.next({ id: event.id ?? '', ...(JSON.parse(event.data) as Omit<LiveChange, 'id'>) });
              },
            });
            const decoder = new TextDecoder();
            for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
          } catch {
            // dropped, refused or closed by us: reopened below unless the subscriber left
          }
          if (!closed.signal.aborted) await new Promise((resolve) => setTimeout(resolve, REOPEN_AFTER_MS));
        }
      })();
      return () => closed.abort();
    });
  }
}
