import { offerPublishedRows, PublishedRows, publishedRowsOf } from './published-rows';

describe('PublishedRows', () => {
  it('lends each row to one statement at a time; the relay is due only for rows no one holds', () => {
    const rows = new PublishedRows();
    rows.add(['1', '2']);
    expect(rows.dueForRelay(0, 10)).toBe(true);
    expect(rows.lend()).toEqual(['1', '2']);
    rows.add(['3']);
    expect(rows.lend()).toEqual(['3']); // not 1 and 2 again: a writer holds them
    expect(rows.dueForRelay(0, 1)).toBe(false);
    expect(rows.all()).toEqual(['1', '2', '3']); // skipped by the relay's reads until deleted
    rows.deleted(['1', '2'], true);
    expect([rows.all(), rows.deletedByWriters]).toEqual([['3'], 1]);
  });

  it('makes rows given back due for the relay at once, and waits `afterMs` for rows just published', () => {
    const rows = new PublishedRows();
    rows.add(['1']);
    expect(rows.dueForRelay(60_000, 10)).toBe(false);
    expect(rows.dueForRelay(60_000, 1)).toBe(true); // as many wait as it may
    expect(rows.dueInMs(60_000)).toBeGreaterThan(59_000);
    const lent = rows.lend();
    expect(rows.dueInMs(60_000)).toBeUndefined();
    rows.returned(lent);
    expect([rows.dueForRelay(60_000, 10), rows.dueInMs(60_000)]).toEqual([true, 0]);
  });

  it("is found by writers of this process on the leader's database and service, until withdrawn", () => {
    const rows = new PublishedRows();
    const withdraw = offerPublishedRows('db-a', 'payment', rows);
    expect(publishedRowsOf('db-a', 'payment')).toBe(rows);
    expect(publishedRowsOf('db-a', 'shipping')).toBeUndefined();
    expect(publishedRowsOf('db-b', 'payment')).toBeUndefined();
    withdraw();
    expect(publishedRowsOf('db-a', 'payment')).toBeUndefined();
  });
});
