import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { testDatabase, testDatabaseKind } from '../db/testing.ts';
import { loadConfig } from '../config.ts';
import { buildServer, type App } from './server.tsx';
import { plugins } from '../../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../../demo/service.ts';
import { SESSION_COOKIE } from '../../access/guard.tsx';
import { TestClient } from './testing.ts';

const ADMIN = 'admin@demo.mutualis.fr';

describe(`web security on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: process.env.TEST_LOG ?? 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('sends a CSP without unsafe-inline, and the other security headers', async () => {
    const response = await new TestClient(app).get('/connexion');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('pages carry no inline script or style', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    for (const url of ['/connexion', `/t/${DEMO_SIREN}`, `/t/${DEMO_SIREN}/communes`, `/t/${DEMO_SIREN}/collectivites`, '/accessibilite']) {
      const body = (await client.get(url)).body;
      expect(body, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body, url).not.toMatch(/\sstyle="/);
      expect(body, url).not.toMatch(/<style/);
    }
  });

  it('the session cookie is HttpOnly and SameSite, and a new one is issued at login (no fixation)', async () => {
    const client = new TestClient(app);
    client.setCookie(SESSION_COOKIE, 'planted-by-an-attacker');
    const response = await client.login(ADMIN, DEMO_PASSWORD);
    expect(response.statusCode).toBe(303);
    const set = String(response.headers['set-cookie']);
    expect(set).toMatch(new RegExp(`${SESSION_COOKIE}=[^;]+;.*HttpOnly`, 'i'));
    expect(set).toMatch(/SameSite=Lax/i);
    expect(client.cookie(SESSION_COOKIE)).not.toBe('planted-by-an-attacker');
    expect((await client.get(`/t/${DEMO_SIREN}`)).statusCode).toBe(200);
  });

  it('a second login replaces the session: the old token no longer works', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    const first = client.cookie(SESSION_COOKIE)!;
    const token = await client.csrfFrom(`/t/${DEMO_SIREN}`);
    await client.postForm('/connexion', { _csrf: token, email: ADMIN, password: DEMO_PASSWORD });
    expect(client.cookie(SESSION_COOKIE)).not.toBe(first);
    const stale = new TestClient(app);
    stale.setCookie(SESSION_COOKIE, first);
    expect((await stale.get(`/t/${DEMO_SIREN}`)).statusCode).toBe(302);
  });

  it('rejects a form posted without a CSRF token, with a French message', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    const response = await client.postForm(`/t/${DEMO_SIREN}/collectivites`, { kind: 'ccas', name: 'CCAS sans jeton' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Jeton de sécurité (CSRF)');
    const register = await client.get(`/t/${DEMO_SIREN}/collectivites`);
    expect(register.body).not.toContain('CCAS sans jeton');
  });

  it('rejects a login without CSRF token', async () => {
    const response = await new TestClient(app).postForm('/connexion', { email: ADMIN, password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(403);
  });

  it('logout ends the session', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    const token = await client.csrfFrom(`/t/${DEMO_SIREN}`);
    expect((await client.postForm('/deconnexion', { _csrf: token })).statusCode).toBe(303);
    expect((await client.get(`/t/${DEMO_SIREN}`)).statusCode).toBe(302);
  });

  it('never redirects outside the site after login (no open redirect)', async () => {
    for (const retour of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const client = new TestClient(app);
      const token = await client.csrfFrom('/connexion');
      const response = await client.postForm('/connexion', { _csrf: token, email: ADMIN, password: DEMO_PASSWORD, retour });
      expect(response.headers.location, retour).toBe('/');
    }
  });

  it('throttles failed login attempts on an account', async () => {
    const client = new TestClient(app);
    const token = await client.csrfFrom('/connexion');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await client.postForm('/connexion', { _csrf: token, email: 'personne@exemple.fr', password: 'mauvais-mot-de-passe' })).statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('refuses an upload over the size limit with a French 413', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    const token = await client.csrfFrom(`/t/${DEMO_SIREN}/collectivites`);
    const boundary = 'mutualis-boundary';
    const big = 'x'.repeat(6 * 1024 * 1024);
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${big}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const response = await app.inject({
      method: 'POST',
      url: `/t/${DEMO_SIREN}/populations`,
      headers: { cookie: `${SESSION_COOKIE}=${client.cookie(SESSION_COOKIE)}; _csrf_secret=${client.cookie('_csrf_secret')}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('taille autorisée');
  });

  it('a truncated multipart upload is a 4xx, never a 500', async () => {
    const client = new TestClient(app);
    await client.login(ADMIN, DEMO_PASSWORD);
    const response = await app.inject({
      method: 'POST',
      url: `/t/${DEMO_SIREN}/populations`,
      headers: { cookie: `${SESSION_COOKIE}=${client.cookie(SESSION_COOKIE)}`, 'content-type': 'multipart/form-data; boundary=b' },
      payload: '--b\r\nContent-Disposition: form-data; name="fichier"; filename="p.csv"\r\n\r\ncode_insee;an',
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  it('an unknown page is a French 404 page, an unknown API route a JSON 404', async () => {
    const page = await new TestClient(app).get('/nulle-part');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page introuvable');
    const api = await new TestClient(app).get('/api/nulle-part');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: "La page ou la ressource demandée n'existe pas." });
  });
});
