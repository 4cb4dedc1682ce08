// The start/stop shape every background loop of a service shares (the outbox relay, work-queue
// workers, the all-events subscription): start() runs `run` until stop(); stop() wakes a loop that is
// pausing and waits until its current round has finished, so nothing is cut off half-way.
import { Wakeup } from './wakeup';

export abstract class BackgroundLoop {
  private loop?: Promise<void>;
  private active = false;
  /** Ends the loop's current pause early: call it when there is new work (a notification, a free slot). */
  protected readonly wakeup = new Wakeup();

  /** True from start() until stop(): the loop's `while` condition. */
  protected get running(): boolean {
    return this.active;
  }

  start(): this {
    if (this.active) return this;
    this.active = true;
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.active = false;
    this.wakeup.wake();
    await this.loop;
  }

  /** The loop itself: `while (this.running) { ...; await this.wakeup.sleep(ms); }`. Must not throw. */
  protected abstract run(): Promise<void>;
}
