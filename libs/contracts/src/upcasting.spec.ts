import { UpcasterRegistry } from './upcasting';

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register('CartOpened', 1, (d) => ({ ...(d as object), currency: 'EUR' }))
    .register('CartOpened', 2, (d) => {
      const { customer, ...rest } = d as { customer: string };
      return { ...rest, customerId: customer };
    });

  it('upcasts v1 to v2 in one step', () => {
    const r = new UpcasterRegistry().register('CartOpened', 1, (d) => ({ ...(d as object), currency: 'EUR' }));
    expect(r.upcast({ type: 'CartOpened', schemaVersion: 1, data: { customer: 'c1' } })).toEqual({
      type: 'CartOpened',
      schemaVersion: 2,
      data: { customer: 'c1', currency: 'EUR' },
    });
  });

  it('chains steps from any old version to the latest', () => {
    expect(registry.upcast({ type: 'CartOpened', schemaVersion: 1, data: { customer: 'c1' } })).toEqual({
      type: 'CartOpened',
      schemaVersion: 3,
      data: { customerId: 'c1', currency: 'EUR' },
    });
  });

  it('leaves the current version and unknown types untouched', () => {
    const current = { type: 'CartOpened', schemaVersion: 3, data: { customerId: 'c1' } };
    expect(registry.upcast(current)).toEqual(current);
    expect(registry.upcast({ type: 'Other', schemaVersion: 1, data: 1 })).toEqual({ type: 'Other', schemaVersion: 1, data: 1 });
  });

  it('refuses a version newer than the code knows', () => {
    expect(() => registry.upcast({ type: 'CartOpened', schemaVersion: 4, data: {} })).toThrow(/newer than this code knows/);
  });

  it('refuses registering the same step twice', () => {
    expect(() => registry.register('CartOpened', 1, (d) => d)).toThrow(/already registered/);
  });
});
