// An answer that is a problem+json — an upstream's refusal or failure passed on unchanged, a service
// that does not answer (503 with Retry-After), or the gateway's own refusal (401, 403, 404, 429).
import { HttpException } from '@nestjs/common';
import type { Problem } from '@eventshop/contracts';

export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}
