import { unstorableTextAt } from './request-limits';
import { problemOf } from './problem-of';

describe('unstorableTextAt', () => {
  const nul = 'a NUL character (\\u0000) is not accepted';
  const surrogate = 'a lone UTF-16 surrogate (such as \\ud800) is not accepted: the text is not valid Unicode';

  it('names the field of a body string, a key or the body itself that holds a NUL character', () => {
    expect(unstorableTextAt({ items: [{ sku: 'MUG' }, { sku: 'M\u0000G' }] })).toEqual({ field: 'items.1.sku', message: nul });
    expect(unstorableTextAt({ ['a\u0000']: 1 })).toEqual({ field: 'a\\u0000', message: nul });
    expect(unstorableTextAt('\u0000')).toEqual({ field: '(body)', message: nul });
  });

  it('names the field that holds half of a surrogate pair, high or low, in a string or a key', () => {
    expect(unstorableTextAt(JSON.parse('{"name":"\\ud800"}'))).toEqual({ field: 'name', message: surrogate });
    expect(unstorableTextAt({ address: { city: 'x\udc00y' } })).toEqual({ field: 'address.city', message: surrogate });
    expect(unstorableTextAt({ ['k\ud83d']: 1 })).toEqual({ field: 'k\\ud83d', message: surrogate });
  });

  it('accepts what PostgreSQL stores: whole surrogate pairs, other planes, every other character', () => {
    expect(unstorableTextAt({ name: 'Ada 😀 \ud83d\ude00 ǅ \ufeff', n: 1, ok: true, none: null, list: ['𝔘'] })).toBeUndefined();
  });
});

describe('problemOf for what the HTTP stack and the infrastructure raise', () => {
  const httpError = (status: number, message: string, extra: object = {}) => Object.assign(new Error(message), { status, expose: true, ...extra });

  it("turns body-parser's refusals into their 4xx, naming the body limit", () => {
    expect(problemOf(httpError(413, 'request entity too large', { limit: 65536 }))).toMatchObject({
      status: 413,
      detail: 'the body is larger than the limit of 65536 bytes',
    });
    expect(problemOf(httpError(415, 'unsupported charset "LATIN1"'))).toMatchObject({ status: 415, title: 'Unsupported media type' });
    expect(problemOf(httpError(400, 'Unexpected token'))).toMatchObject({ status: 400, title: 'Invalid request' });
  });

  it('answers 503 with Retry-After when the database is not reachable, and keeps 500 for the rest', () => {
    expect(problemOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503, retryAfterSeconds: 2 });
    expect(problemOf(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toMatchObject({ status: 503 });
    expect(problemOf(new Error('Connection terminated unexpectedly'))).toMatchObject({ status: 503 });
    expect(problemOf(Object.assign(new Error('boom'), { status: 500, expose: false }))).toMatchObject({ status: 500, title: 'Internal error' });
  });
});
