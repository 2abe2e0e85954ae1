import type { LightMyRequestResponse } from 'fastify';
import type { App } from './server.tsx';

/** A browser-like client for app.inject: keeps cookies, reads CSRF tokens from pages. */
export class TestClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly app: App) {}

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form as a browser would. */
  async postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
    this.remember(response);
    return response;
  }

  /** A JSON API call with the session cookie (and the CSRF header a browser page would send). */
  async json(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown, csrf: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: { cookie: this.cookieHeader, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    this.remember(response);
    return response;
  }

  /** The CSRF token of the first form of a page. */
  async csrfFrom(url: string): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`Pas de jeton CSRF dans ${url} (${page.statusCode})`);
    return token;
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    const token = await this.csrfFrom('/connexion');
    return this.postForm('/connexion', { _csrf: token, email, password });
  }
}
