import { Registry } from './registry';

describe('Registry', () => {
  it('keeps what is registered under a key until each withdraws, apart from other keys', () => {
    const registry = new Registry<string>();
    const withdrawA = registry.add('db#ch', 'a');
    const withdrawB = registry.add('db#ch', 'b');
    registry.add('db#other', 'c');
    expect([...registry.get('db#ch')]).toEqual(['a', 'b']);
    withdrawA();
    withdrawA(); // twice changes nothing
    expect([...registry.get('db#ch')]).toEqual(['b']);
    withdrawB();
    expect(registry.get('db#ch').size).toBe(0);
    const withdrawD = registry.add('db#ch', 'd'); // a key emptied and used again
    expect([...registry.get('db#ch')]).toEqual(['d']);
    withdrawB(); // an old withdrawal does not touch the new set
    expect([...registry.get('db#ch')]).toEqual(['d']);
    withdrawD();
    expect([...registry.get('db#other')]).toEqual(['c']);
  });
});
