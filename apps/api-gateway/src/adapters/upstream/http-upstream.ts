// One upstream service over HTTP: a request with a deadline; its answer passed on as it is, its
// problems as they are (status, problem+json, Retry-After); no answer in time, or no connection, is
// a 503 naming the upstream with Retry-After — the client never waits on a service that is down.
import { problem, type Problem } from '@eventshop/contracts';
import type { Answer } from '../../application/ports/write-side';
import { ProblemException } from '../../application/problem-exception';

const RETRY_AFTER_SECONDS = 2;

export class HttpUpstream {
  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** The upstream's answer if it is a success; its problem (or our 503) thrown otherwise. */
  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const why = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'not reachable';
      throw new ProblemException(problem(503, 'Service unavailable', `${this.name} is ${why}; try again shortly`, { retryAfterSeconds: RETRY_AFTER_SECONDS }));
    }
    const body = await readBody(response);
    if (response.ok) return { status: response.status, body: body as T };
    throw new ProblemException(this.problemOf(response, body));
  }

  /** A GET of one resource: its body, or undefined when the upstream has none (404); other problems thrown. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return (await this.request<T>('GET', path)).body;
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 404) return undefined;
      throw error;
    }
  }

  private problemOf(response: Response, body: unknown): Problem {
    const retryAfter = Number(response.headers.get('retry-after'));
    const retry =
      response.status === 503 || response.status === 429
        ? { retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : RETRY_AFTER_SECONDS }
        : {};
    if (isProblem(body)) return { ...body, ...retry };
    return problem(
      response.status >= 500 ? 502 : response.status,
      response.status >= 500 ? 'Bad gateway' : 'Refused',
      `${this.name} answered ${response.status}`,
      retry,
    );
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).status === 'number' && typeof (body as Problem).title === 'string';
}
