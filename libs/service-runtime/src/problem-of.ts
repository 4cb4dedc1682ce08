// What any error means to a client, as RFC 9457 problem details: domain refusals are 404/409/422,
// invalid input 400 naming the field, a body the parser refused its 4xx (413 too large, 415 encoding
// or charset, 400 not JSON), "not yet" and "the database is not reachable" 503 with when to ask
// again, and anything unexpected a 500 with no internals. The HTTP filter and the gRPC filter both answer with it.
import { HttpException } from '@nestjs/common';
import { ContractViolation, invalidFields, problem, validationProblem, type Problem } from '@eventshop/contracts';
import { DomainError } from '@eventshop/event-store';
import { isInfrastructureFailure } from '@eventshop/messaging';
import { ZodError } from 'zod';
import { RetryLater } from './retry-later';

const statusOfDomainError = { 'not-found': 404, conflict: 409, refused: 422 } as const;
const reasonPhrases: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Refused',
  429: 'Too many requests',
  503: 'Service unavailable',
};

export function problemOf(error: unknown): Problem {
  if (error instanceof ZodError) return validationProblem(error);
  if (error instanceof ContractViolation) {
    return invalidFields(
      error.issues.map((i) => ({ field: i.path, message: i.message })),
      error.message,
    );
  }
  if (error instanceof RetryLater) return problem(503, 'Not yet', error.message, { retryAfterSeconds: error.retryAfterSeconds });
  if (error instanceof DomainError) {
    const status = statusOfDomainError[error.code];
    return problem(status, reasonPhrases[status], error.message);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (typeof body === 'object' && body !== null && 'title' in body) return body as Problem;
    // Keep a structured body (e.g. a failed health check's details) as an extension.
    const details = typeof body === 'object' && body !== null && !('message' in body && 'statusCode' in body) ? { details: body } : {};
    return problem(status, reasonPhrases[status] ?? 'Error', error.message, details);
  }
  if (isClientHttpError(error)) {
    const limit = (error as { limit?: unknown }).limit;
    const detail = error.status === 413 && typeof limit === 'number' ? `the body is larger than the limit of ${limit} bytes` : error.message;
    return problem(error.status, reasonPhrases[error.status] ?? 'Invalid request', detail);
  }
  if (isInfrastructureFailure(error)) {
    return problem(503, 'Service unavailable', 'a store this service needs is not reachable right now; try again shortly', { retryAfterSeconds: 2 });
  }
  return problem(500, 'Internal error', 'the request failed; it has been logged');
}

/** An error the HTTP stack raised for the request's own fault (body-parser's http-errors: `expose`, a 4xx `status`). */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  const candidate = error as { status?: unknown; expose?: unknown } | undefined;
  return error instanceof Error && candidate?.expose === true && typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500;
}
