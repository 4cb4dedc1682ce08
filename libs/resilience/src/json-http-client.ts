// Calls to a provider's JSON API over HTTP: undici's request on a pool of keep-alive connections per
// provider. Global fetch speaks the same HTTP through the same library, but wraps every call in the
// WHATWG machinery (Request, Response, web streams, an AbortSignal timer): measured on one machine,
// ~370 µs of CPU per call against ~65 µs, the answering server included.
import { Pool } from 'undici';

export interface JsonAnswer {
  status: number;
  /** The answer's JSON object; {} when it sent none (or not an object). */
  body: Record<string, unknown>;
}

/** The provider's address refused the connection: it certainly did not act on the call. */
export class ConnectionRefused extends Error {
  override readonly name = 'ConnectionRefused';
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;

function objectOf(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export class JsonHttpClient {
  private readonly pool: Pool;
  private readonly pathPrefix: string;

  /**
   * @param timeoutMs how long the call may wait to connect, then for the answer's head, then between
   *   pieces of its body; past it the call fails and its outcome is unknown.
   */
  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(baseUrl);
    this.pathPrefix = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, { connect: { timeout: timeoutMs } });
  }

  /** POSTs `payload` as JSON (no body when undefined); any status is an answer, only a failed exchange throws. */
  async post(path: string, payload?: unknown): Promise<JsonAnswer> {
    let answer: Awaited<ReturnType<Pool['request']>>;
    try {
      answer = await this.pool.request({
        method: 'POST',
        path: `${this.pathPrefix}${path}`,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      if (codeOf(error) === 'ECONNREFUSED') throw new ConnectionRefused((error as Error).message);
      throw error;
    }
    // The body is read whatever the status: an unread body would keep its connection from the pool.
    const text = await answer.body.text().catch(() => '');
    return { status: answer.statusCode, body: objectOf(text) };
  }

  /** Closes the pool's connections (idle ones never keep the process alive). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
