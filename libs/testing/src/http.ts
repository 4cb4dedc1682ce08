// Small helpers for tests that talk HTTP to a running server.
export async function jsonOf<T = Record<string, unknown>>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export function sendJson(url: string, method: 'POST' | 'PUT', body?: unknown): Promise<Response> {
  return fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}
