import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { TestClient } from '../platform/http/testing.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { docxText, pdfText } from '../platform/documents/testing.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

const API = `/api/t/${DEMO_SIREN}`;
const PAGES = `/t/${DEMO_SIREN}`;

describe(`the report over HTTP on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'PUT', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await closePdfWorkers();
    await db.close();
  });

  it('serves the report as JSON, writes a narrative, refuses a commune user and bad input', async () => {
    const report = await call('admin', 'GET', `${API}/rapport/2020`);
    expect(report.statusCode).toBe(200);
    expect(report.json().coveredYear).toBe(2019);
    expect(report.json().sections.map((s: { number: string }) => s.number)).toEqual(['I', 'II', 'III', 'IV', 'V.1', 'V.2', 'V.3', 'VI']);
    expect((await call('saint-chamond', 'GET', `${API}/rapport/2020`)).statusCode).toBe(403);
    const saved = await call('admin', 'PUT', `${API}/rapport/2020/textes/context`, { body: 'Le **contexte** de 2019.' });
    expect([saved.statusCode, saved.json().origin]).toEqual([200, 'own']);
    const bad = await call('admin', 'PUT', `${API}/rapport/2020/textes/context`, { body: 'x'.repeat(20_001) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('texte');
    expect((await call('admin', 'PUT', `${API}/rapport/2020/textes/inconnue`, { body: 'x' })).statusCode).toBe(400);
  });

  it('previews the report with its drill-downs, saves a narrative from the form, downloads the PDF and the DOCX', async () => {
    const client = new TestClient(app);
    await client.login('admin@demo.mutualis.fr', DEMO_PASSWORD);
    const page = await client.get(`${PAGES}/rapport?annee=2020`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Comptes d(&#39;|')accès : 148/);
    expect(page.body).toContain(`href="${PAGES}/catalogue/indicateurs?annee=2019"`);
    const csrf = await client.csrfFrom(`${PAGES}/rapport?annee=2020`);
    const posted = await client.postForm(`${PAGES}/rapport/2020/textes/offers`, { texte: 'Les offres de **2019**.\n\n- une\n- deux', _csrf: csrf });
    expect(posted.statusCode).toBe(303);
    const after = await client.get(`${PAGES}/rapport?annee=2020`);
    expect(after.body).toContain('Les offres de <strong>2019</strong>.');
    const refused = await client.postForm(`${PAGES}/rapport/2020/textes/offers`, { texte: 'a\u0007', _csrf: csrf });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('caractères de contrôle');
    const pdf = await client.get(`${PAGES}/rapport.pdf?annee=2020`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(pdf.rawPayload).normalize('NFKC')).toContain('Les offres de 2019.');
    const docx = await client.get(`${PAGES}/rapport.docx?annee=2020`);
    expect(await docxText(docx.rawPayload)).toContain('Les offres de 2019.');
  }, 60_000);
});
