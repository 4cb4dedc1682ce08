// kafkajs 2.2.4, its last release, keeps every broker connection busy doing nothing. After each check
// of a connection's pending requests, its RequestQueue schedules the next check in
// `throttledUntil - now` ms; unthrottled, that is negative, so Node runs it after 1 ms — and that
// check schedules the next. Each connection wakes its process about a thousand times a second: on
// the 2-core machines a service idled at ~5 % of a core, most of it in this loop (perf: timer
// callbacks 9 % of all samples, the queue's check the busiest JavaScript).
//
// A later check is only needed while requests wait: the queue checks when a request is pushed and
// each time one is answered or times out, so a timer is needed only for requests held back (too many
// in flight, or the broker throttling us) — as kafkajs meant. That is all this changes.
import { createRequire } from 'node:module';

/** What this touches of kafkajs's queue of requests on one broker connection (internal, untyped). */
export interface KafkaJsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's RequestQueue class (not exported by its package's entry point). */
export const KafkaJsRequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as { prototype: KafkaJsRequestQueue };

/** kafkajs's interval for re-checking requests held back while not throttled. */
const checkPendingIntervalMs = 10;

let applied = false;

/** Replaces RequestQueue's scheduler with one that arms no timer when nothing waits. Idempotent. */
export function fixKafkaJsIdleTimer(): void {
  if (applied) return;
  applied = true;
  KafkaJsRequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: KafkaJsRequestQueue): void {
    if (this.throttleCheckTimeoutId) return; // one is armed; it re-arms itself if still needed
    const throttledForMs = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledForMs <= 0) return; // nothing waits: nothing to check
    const inMs = throttledForMs > 0 ? throttledForMs : checkPendingIntervalMs;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, inMs);
  };
}
