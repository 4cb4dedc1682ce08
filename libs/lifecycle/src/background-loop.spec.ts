import { BackgroundLoop } from './background-loop';
import { waitUntil } from '@eventshop/testing';

class CountingLoop extends BackgroundLoop {
  rounds = 0;
  finishedRounds = 0;
  constructor(private readonly pauseMs: number) {
    super();
  }
  protected async run(): Promise<void> {
    while (this.running) {
      this.rounds++;
      await new Promise((r) => setTimeout(r, 5)); // a round of work
      this.finishedRounds++;
      await this.wakeup.sleep(this.pauseMs);
    }
  }
  poke(): void {
    this.wakeup.wake();
  }
}

/** Waits for a condition however busy the machine is: a fixed wait sees too little under load. */
const until = (condition: () => boolean) => waitUntil('the loop to get there', condition, { intervalMs: 5 });

describe('BackgroundLoop', () => {
  it('runs rounds until stopped, and stop waits for the round under way', async () => {
    const loop = new CountingLoop(1).start();
    await until(() => loop.finishedRounds >= 3);
    await loop.stop();
    expect(loop.rounds).toBeGreaterThan(1);
    expect(loop.finishedRounds).toBe(loop.rounds);
  });

  it('stops at once from a long pause instead of waiting it out', async () => {
    const loop = new CountingLoop(60_000).start();
    await until(() => loop.finishedRounds === 1); // in its long pause
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(loop.rounds).toBe(1);
  });

  it('ends a pause early when woken', async () => {
    const loop = new CountingLoop(60_000).start();
    await until(() => loop.finishedRounds === 1); // in its long pause
    loop.poke();
    await until(() => loop.finishedRounds === 2);
    expect(loop.rounds).toBe(2); // and in its pause again, not running on
    await loop.stop();
  });

  it('starting twice runs one loop', async () => {
    const loop = new CountingLoop(60_000).start().start();
    await new Promise((r) => setTimeout(r, 20));
    expect(loop.rounds).toBe(1);
    await loop.stop();
  });
});
