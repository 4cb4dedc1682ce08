import { GatheringWindow, type Gathered } from './gathering-window';

describe('GatheringWindow', () => {
  const next = (partition: number, offset: number) => ({ topic: 't', partition, offset: String(offset) });

  it('flushes once its time is up, with every partition gathered and where each goes on from', async () => {
    const flushed: Gathered<string>[] = [];
    const window = new GatheringWindow<string>(30, 100, async (g) => void flushed.push(g));
    await window.add(['a1'], next(0, 1));
    await window.add(['b1', 'b2'], next(1, 2));
    await window.add(['a2'], next(0, 2));
    expect(flushed).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(flushed).toEqual([{ received: ['a1', 'b1', 'b2', 'a2'], nextOffsets: [next(0, 2), next(1, 2)] }]);
  });

  it('flushes at once when full, and the add that filled it waits for that flush', async () => {
    let finish!: () => void;
    const flushed: string[][] = [];
    const window = new GatheringWindow<string>(10_000, 3, (g) => new Promise<void>((resolve) => (finish = () => (flushed.push(g.received), resolve()))));
    await window.add(['1', '2'], next(0, 2));
    let added = false;
    const filling = window.add(['3'], next(0, 3)).then(() => (added = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(added).toBe(false); // the fetch that filled the window waits
    finish();
    await filling;
    expect(flushed).toEqual([['1', '2', '3']]);
    window.close();
  });

  it('flushes one after another, in order, and drops what it holds when closed', async () => {
    const order: string[] = [];
    const window = new GatheringWindow<string>(10_000, 100, async (g) => {
      await new Promise((r) => setTimeout(r, g.received[0] === 'first' ? 30 : 0));
      order.push(g.received[0]);
    });
    await window.add(['first'], next(0, 1));
    const first = window.flushNow();
    await window.add(['second'], next(0, 2));
    await window.flushNow();
    await first;
    expect(order).toEqual(['first', 'second']);
    await window.add(['dropped'], next(0, 3));
    window.close();
    await window.flushNow(); // nothing left to flush
    expect(order).toEqual(['first', 'second']);
  });
});
