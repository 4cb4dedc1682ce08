// What any error means to a client, as RFC 9457 problem details: domain refusals are 404/409/422,
// invalid input 400 naming the field, "not yet" 503 with when to ask again, and anything unexpected a
// 500 with no internals. The HTTP filter and the gRPC filter both answer with it.
import { HttpException } from '@nestjs/common';
import { ContractViolation, problem, validationProblem, type Problem } from '@eventshop/contracts';
import { DomainError } from '@eventshop/event-store';
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
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Refused',
  429: 'Too many requests',
  503: 'Service unavailable',
};

export function problemOf(error: unknown): Problem {
  if (error instanceof ZodError) return validationProblem(error);
  if (error instanceof ContractViolation) {
    return { ...problem(400, 'Invalid request', error.message), errors: error.issues.map((i) => ({ field: i.path, message: i.message })) };
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
  return problem(500, 'Internal error', 'the request failed; it has been logged');
}
