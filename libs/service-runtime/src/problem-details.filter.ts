// Every HTTP error as RFC 9457 problem+json (problemOf says which); a 503 says when to ask again
// (Retry-After), a route asked with the wrong method is a 405 naming the right ones (Allow), and
// anything unexpected is a 500 that is logged (never a stack in the answer). A gRPC handler's error
// leaves as the gRPC status closest to that problem, with the problem as its details.
import { ArgumentsHost, Catch, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import { grpcErrorOf, problem, type Problem } from '@eventshop/contracts';
import { throwError, type Observable } from 'rxjs';
import { allowedMethods, type RoutedRequest } from './allowed-methods';
import { problemOf } from './problem-of';
import { RetryLater } from './retry-later';

/** The part of Express's response this filter uses. */
interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { type(contentType: string): { json(body: unknown): void } };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: { error(obj: object, msg?: string): void }) {}

  catch(error: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') {
      const answer = this.logged(error);
      return throwError(() => grpcErrorOf(answer));
    }
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<(RoutedRequest & { method: string }) | undefined>();
    const allow = error instanceof NotFoundException && request ? allowedMethods(request) : [];
    if (allow.length > 0 && request && !allow.includes(request.method)) {
      response.setHeader('Allow', allow.join(', '));
      sendProblem(response, problem(405, 'Method not allowed', `${request.method} is not answered here; use ${allow.join(', ')}`));
      return;
    }
    sendProblem(response, this.logged(error));
  }

  private logged(error: unknown): Problem {
    const answer = problemOf(error);
    if (answer.status >= 500 && !(error instanceof RetryLater)) this.logger.error({ err: error }, 'request failed');
    return answer;
  }
}

/** Sends a problem as problem+json; a 503 or 429 with the Retry-After its `retryAfterSeconds` says. */
export function sendProblem(response: HttpResponse, answer: Problem): void {
  const { retryAfterSeconds, ...body } = answer;
  if (typeof retryAfterSeconds === 'number') response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(answer.status).type('application/problem+json').json(body);
}
