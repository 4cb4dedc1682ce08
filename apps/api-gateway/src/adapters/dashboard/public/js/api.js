// The public API as the dashboard calls it: every request with the access token, JSON in and out, and
// a problem+json answer thrown as an Error whose message is the problem's detail.

/** The dashboard's own customer: orders placed here are theirs (the token is an admin's, so it sees every order). */
export const DASHBOARD_CUSTOMER = 'dashboard';

export class Api {
  constructor(token) {
    this.token = token;
  }

  /**
   * A token for the dashboard: the demo's dev token when the gateway hands them out (DEV_TOKENS=on), or
   * undefined, when the page asks the visitor for one.
   */
  static async devToken() {
    const response = await fetch('/api/v1/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: DASHBOARD_CUSTOMER, role: 'admin' }),
    });
    return response.ok ? (await response.json()).token : undefined;
  }

  get(path) {
    return this.send('GET', path);
  }

  put(path, body) {
    return this.send('PUT', path, body);
  }

  post(path, body, headers = {}) {
    return this.send('POST', path, body, headers);
  }

  async send(method, path, body, headers = {}) {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = new Error(answer?.detail ?? answer?.title ?? `${method} ${path} answered ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return answer;
  }
}
