import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';
import { pdfText, xlsxText } from '../platform/documents/testing.ts';

const BASE = `/t/${DEMO_SIREN}`;

describe(`agreements pages and documents on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr', 'firminy@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('renders the register, the agreement page and its PDF sheet, and the AC register', async () => {
    const page = await get('admin', `${BASE}/conventions?date=2020-01-01`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Direction Grands Travaux d');
    expect(page.body).toContain('février 2017');
    const id = /conventions\/([0-9a-f-]{36})">CONV-GTI-2018-SC/.exec(page.body)![1]!;
    const detail = await get('admin', `${BASE}/conventions/${id}?date=2020-06-01`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('04/06/2018');
    expect(detail.body).toContain('Pas encore approuvé');
    expect(detail.body).toContain("Retenue sur l'attribution de compensation");
    const pdf = await get('admin', `${BASE}/conventions/${id}/fiche.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('CONV-GTI-2018-SC');
    expect(text).toContain('Saint-Chamond');
    const xlsx = await get('admin', `${BASE}/conventions.xlsx`);
    expect(await xlsxText(xlsx.rawPayload)).toContain('Mission Accessibilité Handicap');
    const ac = await get('admin', `${BASE}/attributions-compensation?annee=2019`);
    expect(ac.statusCode).toBe(200);
    expect(ac.body).toContain('due par la commune');
  });

  it('a commune sees its part only; a bad date is named', async () => {
    const firminy = await get('firminy', `${BASE}/conventions`);
    expect(firminy.body).toContain('SIG');
    expect(firminy.body).not.toContain('Grands Travaux');
    expect((await get('saint-chamond', `${BASE}/attributions-compensation?annee=2019`)).statusCode).toBe(403);
    const ac = await get('saint-chamond', `${BASE}/communes/42207/attribution-compensation`);
    expect(ac.statusCode).toBe(200);
    expect(ac.body).toContain('Attribution de compensation de Saint-Chamond');
    expect((await get('saint-chamond', `${BASE}/communes/42095/attribution-compensation`)).statusCode).toBe(403);
    expect((await get('admin', `${BASE}/conventions?date=2020-02-30`)).statusCode).toBe(400);
  });
});
