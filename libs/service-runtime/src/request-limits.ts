// What every HTTP API refuses before a handler sees it, with a 4xx problem naming the cause — never a
// 500 from somewhere deeper:
// - a JSON body over BODY_LIMIT_BYTES (413), one in an encoding or charset the parser cannot read
//   (415), or one that is not JSON (400) — body-parser's errors, turned into problems by problemOf;
// - a NUL character anywhere in the path, the query or a string of the body, or a lone UTF-16
//   surrogate in a string of the body (JSON's "\ud800"), 400 naming where: PostgreSQL can store
//   neither in text or jsonb, so it would fail at the first write or lookup. (A path or query cannot
//   carry a lone surrogate: percent-decoding one is invalid UTF-8, refused or replaced by the parsers.)
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

const nulRefused = 'a NUL character (\\u0000) is not accepted';

/** Why PostgreSQL could not store this text, if it could not. */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return nulRefused;
  // With the u flag a lone surrogate is a code point of its own, and only a lone one matches.
  if (/\p{Surrogate}/u.test(text)) return 'a lone UTF-16 surrogate (such as \\ud800) is not accepted: the text is not valid Unicode';
  return undefined;
}

/** A key as it can be shown in a field path: NULs and lone surrogates escaped. */
const printable = (key: string) => key.replaceAll('\u0000', '\\u0000').replace(/\p{Surrogate}/gu, (half) => `\\u${half.charCodeAt(0).toString(16)}`);

export interface UnstorableText {
  /** The field path (`items.0.sku`), or `(body)` for the body itself. */
  field: string;
  message: string;
}

/** Where a parsed body holds text PostgreSQL cannot store (in a string or a key), if anywhere. */
export function unstorableTextAt(value: unknown, path: string[] = []): UnstorableText | undefined {
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message === undefined ? undefined : { field: path.join('.') || '(body)', message };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const keyMessage = unstorable(key);
    if (keyMessage !== undefined) return { field: [...path, printable(key)].join('.'), message: keyMessage };
    const found = unstorableTextAt(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

const nulProblem = (field: string): Problem => invalidFields([{ field, message: nulRefused }]);

function refuseUnstorableText(request: Request, response: Parameters<typeof sendProblem>[0], next: () => void): void {
  const url = request.originalUrl ?? request.url ?? '';
  const [path, query = ''] = url.split('?', 2);
  if (/%00/i.test(path)) return sendProblem(response, nulProblem('path'));
  const queryField = [...new URLSearchParams(query)].find(([key, value]) => `${key}${value}`.includes('\u0000'))?.[0];
  if (queryField !== undefined) return sendProblem(response, nulProblem(`query.${queryField.replaceAll('\u0000', '\\u0000')}`));
  const bodyText = unstorableTextAt(request.body);
  if (bodyText !== undefined) return sendProblem(response, invalidFields([bodyText]));
  next();
}

/** Parses JSON bodies up to the limit and refuses text PostgreSQL cannot store; before every route. */
export function applyRequestLimits(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.use(refuseUnstorableText);
}
