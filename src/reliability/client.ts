/** A client of a real Mutualis server over HTTP, as an integrator's script would be: sign in once, then a personal API token. */
export class HttpClient {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly cookie: string,
  ) {}

  /** Signs in with the login form (cookie + CSRF), then asks for a personal API token. */
  static async signIn(baseUrl: string, email: string, password: string): Promise<HttpClient> {
    const cookies = new Map<string, string>();
    const remember = (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    };
    const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const loginPage = await fetch(`${baseUrl}/connexion`);
    remember(loginPage);
    const csrf = csrfOf(await loginPage.text());
    const login = await fetch(`${baseUrl}/connexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password, _csrf: csrf, retour: '' }).toString(),
    });
    remember(login);
    if (login.status !== 303 && login.status !== 302) throw new Error(`Connexion refusée (${login.status}) : ${await login.text()}`);
    const home = await fetch(`${baseUrl}/`, { headers: { cookie: cookie() } });
    const apiCsrf = csrfOf(await home.text());
    const created = await fetch(`${baseUrl}/api/moi/jetons`, {
      method: 'POST',
      headers: { cookie: cookie(), 'content-type': 'application/json', 'x-csrf-token': apiCsrf },
      body: JSON.stringify({ label: 'fiabilité' }),
    });
    if (!created.ok) throw new Error(`Jeton refusé (${created.status}) : ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };
    return new HttpClient(baseUrl, token, cookie());
  }

  /** A page or a document, with the session cookie, as a browser gets it; the body is read and dropped. */
  async page(path: string): Promise<{ status: number; bytes: number }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie }, redirect: 'manual' });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { status: response.status, bytes };
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a page or a document */
    }
    return { status: response.status, body: parsed };
  }
}

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('Jeton CSRF introuvable dans la page.');
  return m[1]!;
}

/** A small seeded generator (mulberry32), so that a failing trial can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many trials and how long: `RELIABILITY_PROFILE` fast (npm test), ci (CI=true), long (npm run test:reliability). */
export type Profile = 'fast' | 'ci' | 'long';
export function reliabilityProfile(): Profile {
  const named = process.env.RELIABILITY_PROFILE;
  if (named === 'fast' || named === 'ci' || named === 'long') return named;
  return process.env.CI ? 'ci' : 'fast';
}
