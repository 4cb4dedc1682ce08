import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('ends a sleep early when woken', async () => {
    const wakeup = new Wakeup();
    const started = Date.now();
    const sleeping = wakeup.sleep(10_000);
    wakeup.wake();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    const started = Date.now();
    await wakeup.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const second = await Promise.race([wakeup.sleep(200).then(() => 'slept'), new Promise((r) => setTimeout(() => r('still sleeping'), 50))]);
    expect(second).toBe('still sleeping');
  });
});
