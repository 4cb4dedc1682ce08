// What every HTTP API refuses before a handler sees it, with a 4xx problem naming the cause — never a
// 500 from somewhere deeper:
// - a JSON body over BODY_LIMIT_BYTES (413), one in an encoding or charset the parser cannot read
//   (415), or one that is not JSON (400) — body-parser's errors, turned into problems by problemOf;
// - a NUL character anywhere in the path, the query or a string of the body (400 naming where):
//   PostgreSQL can store no such string, so it would fail at the first write or lookup.
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { invalidFields, type Problem } from '@eventshop/contracts';
import { sendProblem } from './problem-details.filter';

/** The largest JSON body any endpoint accepts: an order of 50 lines is about 3 KB. */
export const BODY_LIMIT_BYTES = 64 * 1024;

interface Request {
  originalUrl?: string;
  url?: string;
  body?: unknown;
}

/** Where a NUL character hides in a parsed body, as a field path (`items.0.sku`), if anywhere. */
export function nulCharacterAt(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')].join('.');
    const found = nulCharacterAt(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

const nulProblem = (field: string): Problem => invalidFields([{ field, message: 'a NUL character (\\u0000) is not accepted' }]);

function refuseNulCharacters(request: Request, response: Parameters<typeof sendProblem>[0], next: () => void): void {
  const url = request.originalUrl ?? request.url ?? '';
  const [path, query = ''] = url.split('?', 2);
  if (/%00/i.test(path)) return sendProblem(response, nulProblem('path'));
  const queryField = [...new URLSearchParams(query)].find(([key, value]) => `${key}${value}`.includes('\u0000'))?.[0];
  if (queryField !== undefined) return sendProblem(response, nulProblem(`query.${queryField.replaceAll('\u0000', '\\u0000')}`));
  const bodyField = nulCharacterAt(request.body);
  if (bodyField !== undefined) return sendProblem(response, nulProblem(bodyField));
  next();
}

/** Parses JSON bodies up to the limit and refuses NUL characters; before every route. */
export function applyRequestLimits(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.use(refuseNulCharacters);
}
