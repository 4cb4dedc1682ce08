// Every HTTP error as RFC 9457 problem+json: domain refusals map to 404/409/422, invalid input to 400
// naming the field, and anything unexpected to a 500 that is logged (never a stack in the answer).
import { ArgumentsHost, Catch, HttpException, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import { ContractViolation, problem, type Problem } from '@eventshop/contracts';
import { DomainError } from '@eventshop/event-store';
import { ZodError } from 'zod';
import { validationProblem } from '@eventshop/contracts';
import { allowedMethods, type RoutedRequest } from './allowed-methods';
import { RetryLater } from './retry-later';

/** The part of Express's response this filter uses. */
interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { type(contentType: string): { json(body: unknown): void } };
}

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

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: { error(obj: object, msg?: string): void }) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<(RoutedRequest & { method: string }) | undefined>();
    const allow = error instanceof NotFoundException && request ? allowedMethods(request) : [];
    if (allow.length > 0 && request && !allow.includes(request.method)) {
      response.setHeader('Allow', allow.join(', '));
      const answer = problem(405, 'Method not allowed', `${request.method} is not answered here; use ${allow.join(', ')}`);
      response.status(405).type('application/problem+json').json(answer);
      return;
    }
    if (error instanceof RetryLater) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
      response
        .status(503)
        .type('application/problem+json')
        .json(problem(503, 'Not yet', error.message));
      return;
    }
    const answer = this.problemOf(error);
    if (answer.status >= 500) this.logger.error({ err: error }, 'request failed');
    response.status(answer.status).type('application/problem+json').json(answer);
  }

  private problemOf(error: unknown): Problem {
    if (error instanceof ZodError) return validationProblem(error);
    if (error instanceof ContractViolation) {
      return { ...problem(400, 'Invalid request', error.message), errors: error.issues.map((i) => ({ field: i.path, message: i.message })) };
    }
    if (error instanceof DomainError) {
      const status = statusOfDomainError[error.code];
      return problem(status, status === 404 ? 'Not found' : status === 409 ? 'Conflict' : 'Refused', error.message);
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
}
