// A tiny JSON-over-HTTP server on node:http for the fake providers: routes with :params, bodies
// validated by zod (400 problem+json naming the field), faults applied to every non-admin route,
// and admin routes to set the faults. Small on purpose: it plays the outside world, not our services.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { problem, validationProblem, type Problem } from '@eventshop/contracts';
import { z } from 'zod';
import { faultFor, faultsSchema, noFaults, type Faults } from './fault-plan';

export interface JsonRequest {
  params: Record<string, string>;
  body: unknown;
}

export interface JsonResponse {
  status: number;
  body?: unknown;
}

type Handler = (request: JsonRequest) => Promise<JsonResponse> | JsonResponse;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  admin: boolean;
}

const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** Parses a body with a zod schema or answers 400 with the offending fields. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(validationProblem(result.error));
  return result.data;
}

export class JsonServer {
  private readonly routes: Route[] = [];
  private faults: Faults = noFaults();

  constructor(
    readonly name: string,
    private readonly onReset: () => void = () => undefined,
  ) {
    this.route('GET', '/health', () => ({ status: 200, body: { status: 'up', name: this.name } }), true);
    this.route('GET', '/admin/faults', () => ({ status: 200, body: this.faults }), true);
    this.route('PUT', '/admin/faults', ({ body }) => ({ status: 200, body: (this.faults = parseBody(faultsSchema, body)) }), true);
    this.route(
      'POST',
      '/admin/reset',
      () => {
        this.faults = noFaults();
        this.onReset();
        return { status: 204 };
      },
      true,
    );
  }

  route(method: string, path: string, handler: Handler, admin = path.startsWith('/admin/')): this {
    const names: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    this.routes.push({ method, pattern, names, handler, admin });
    return this;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number; url: string; close(): Promise<void> }> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const actual = (server.address() as AddressInfo).port;
    return {
      server,
      port: actual,
      url: `http://${host}:${actual}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = this.routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) throw new HttpError(problem(404, 'Not found', `${req.method} ${url.pathname}`));
      const match = route.pattern.exec(url.pathname) ?? [];
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      const body = await readJson(req);
      if (!route.admin) {
        const fault = faultFor(this.faults, new Date());
        if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault.failure) throw new HttpError(problem(503, 'Service unavailable', fault.failure));
      }
      const answer = await route.handler({ params, body });
      send(res, answer.status, answer.body);
    } catch (error) {
      const answer = error instanceof HttpError ? error.problem : problem(500, 'Internal error', (error as Error).message);
      send(res, answer.status, answer, 'application/problem+json');
    }
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(problem(413, 'Payload too large', `at most ${MAX_BODY_BYTES} bytes`));
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(problem(400, 'Invalid JSON', 'the request body is not JSON'));
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body));
}
