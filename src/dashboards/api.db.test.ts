import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { parseCsv } from '../platform/csv.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

const API = `/api/t/${DEMO_SIREN}`;
const PAGES = `/t/${DEMO_SIREN}`;

interface SeriesJson {
  key: string;
  title: string;
  hasData: boolean;
  rows: { category: string; values: number[] }[];
}

describe(`dashboards API and pages on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const call = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const email of ['admin@demo.mutualis.fr', 'finances@demo.mutualis.fr', 'assemblees@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr', 'firminy@demo.mutualis.fr', 'elu@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers the territory series as JSON, filtered by year, to those who may see them', async () => {
    const all = await call('elu', `${API}/tableau-de-bord`);
    expect(all.statusCode).toBe(200);
    const series = all.json().series as SeriesJson[];
    expect(series.find((s) => s.key === 'achats')!.rows.find((r) => r.category === '2019')!.values.slice(0, 3)).toEqual([24, 51, 51]);
    const y2018 = (await call('admin', `${API}/tableau-de-bord?annee=2018`)).json() as { year: number; series: SeriesJson[] };
    expect(y2018.year).toBe(2018);
    expect(y2018.series.find((s) => s.key === 'achats')!.rows.map((r) => r.category)).toEqual(['2018']);
    expect(y2018.series.find((s) => s.key === 'couts-services')!.hasData).toBe(false);
    expect((await call('saint-chamond', `${API}/tableau-de-bord`)).statusCode).toBe(403);
    expect((await call('assemblees', `${API}/tableau-de-bord`)).statusCode).toBe(403);
    const bad = await call('admin', `${API}/tableau-de-bord?annee=20x9`);
    expect([bad.statusCode, bad.json().error]).toEqual([400, expect.stringContaining('annee')]);
  });

  it('a commune sees its own dashboard only, and nothing of another commune', async () => {
    const own = await call('saint-chamond', `${API}/communes/42207/tableau-de-bord`);
    expect(own.statusCode).toBe(200);
    const body = own.json() as { communeName: string; series: SeriesJson[] };
    expect(body.communeName).toBe('Saint-Chamond');
    expect(body.series.find((s) => s.key === 'charges-annees')!.rows.map((r) => r.category)).toEqual(['2019']);
    expect(JSON.stringify(body)).not.toMatch(/Firminy|Saint-Étienne"/);
    expect((await call('saint-chamond', `${API}/communes/42095/tableau-de-bord`)).statusCode).toBe(403);
    expect((await call('elu', `${API}/communes/42207/tableau-de-bord`)).statusCode).toBe(403);
    expect((await call('finances', `${API}/communes/42095/tableau-de-bord`)).statusCode).toBe(200);
    expect((await call('admin', `${API}/communes/99999/tableau-de-bord`)).statusCode).toBe(404);
  });

  it('renders the pages with a chart, a table and a CSV per indicator, and says "Aucune donnée" when a module has none', async () => {
    const page = await call('admin', `${PAGES}/tableau-de-bord`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tableau de bord de Saint-Étienne Métropole');
    expect(page.body).toContain(`${PAGES}/tableau-de-bord/achats/graphique.svg`);
    expect(page.body).toContain('<caption>Achats groupés par année</caption>');
    const y2018 = await call('admin', `${PAGES}/tableau-de-bord?annee=2018`);
    expect(y2018.body).toContain('Aucune donnée');
    expect(y2018.body).toContain(`${PAGES}/tableau-de-bord/achats/donnees.csv?annee=2018`);
    const svg = await call('admin', `${PAGES}/tableau-de-bord/parts-communes/graphique.svg`);
    expect([svg.statusCode, svg.headers['content-type']]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    expect(svg.body).toContain('<svg');
    expect(svg.body).toContain('Saint-Chamond');
    const csv = await call('admin', `${PAGES}/tableau-de-bord/achats/donnees.csv`);
    expect(csv.headers['content-disposition']).toContain('tableau-de-bord-saint-etienne-metropole-achats.csv');
    const table = parseCsv(csv.body);
    expect(table.columns).toEqual(['annee', 'groupements_de_commandes_conclus', 'marches_issus_des_groupements', 'marches_notifies', 'montant_notifie_(ht)_(euros)']);
    expect(table.records.find((r) => r.values.annee === '2019')!.values.groupements_de_commandes_conclus).toBe('24');
    expect((await call('admin', `${PAGES}/tableau-de-bord/inconnu/donnees.csv`)).statusCode).toBe(404);

    const commune = await call('saint-chamond', `${PAGES}/communes/42207/tableau-de-bord`);
    expect(commune.statusCode).toBe(200);
    expect(commune.body).toContain('Tableau de bord de Saint-Chamond');
    expect(commune.body).toContain('Aucune donnée');
    expect((await call('saint-chamond', `${PAGES}/communes/42207/tableau-de-bord/charges-services/graphique.svg`)).statusCode).toBe(200);
    expect((await call('saint-chamond', `${PAGES}/communes/42095/tableau-de-bord/charges-services/donnees.csv`)).statusCode).toBe(403);
  });
});
