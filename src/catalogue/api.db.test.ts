import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { TestClient } from '../platform/http/testing.ts';
import { pdfText, xlsxRows } from '../platform/documents/testing.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

const API = `/api/t/${DEMO_SIREN}`;
const PAGES = `/t/${DEMO_SIREN}`;

describe(`catalogue API and pages on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let territoryId: string;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  const count = async (table: string) => (await db.transaction({ territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  let offers: Record<string, string>;

  beforeAll(async () => {
    db = await testDatabase();
    territoryId = (await loadDemo(db))!.id;
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr', 'firminy@demo.mutualis.fr', 'elu@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
    const list = (await call('admin', 'GET', `${API}/catalogue/offres`)).json() as { offer: { id: string; code: string } }[];
    offers = Object.fromEntries(list.map((c) => [c.offer.code, c.offer.id]));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lets a commune request for itself only, never approve, and moves the indicator once the pooling team approves', async () => {
    const before = (await call('admin', 'GET', `${API}/catalogue/indicateurs/2019`)).json() as { offers: { code: string; figures: { key: string; value: number }[] }[] };
    expect(before.offers.find((o) => o.code === 'afcdp')!.figures).toEqual([{ key: 'subscribedCommunes', label: 'Communes adhérentes', value: 39, previous: 0 }]);
    expect((await call('saint-chamond', 'POST', `${API}/communes/42095/services/demandes`, { offerId: offers.afcdp })).statusCode).toBe(403);
    const asked = await call('saint-chamond', 'POST', `${API}/communes/42207/services/demandes`, { offerId: offers.afcdp, note: 'Pour notre DPO' });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as string;
    expect((await call('saint-chamond', 'POST', `${API}/catalogue/demandes/${id}/acceptation`, { startsOn: '2019-12-01' })).statusCode).toBe(403);
    expect((await call('saint-chamond', 'GET', `${API}/catalogue/indicateurs/2019`)).statusCode).toBe(403);
    const approved = await call('admin', 'POST', `${API}/catalogue/demandes/${id}/acceptation`, { startsOn: '2019-12-01' });
    expect([approved.statusCode, approved.json().state]).toEqual([200, 'active']);
    const after = (await call('admin', 'GET', `${API}/catalogue/indicateurs/2019`)).json() as typeof before;
    expect(after.offers.find((o) => o.code === 'afcdp')!.figures[0]!.value).toBe(40);
  });

  it('refuses an ineligible request and a malformed import in French, writing nothing', async () => {
    const subscriptions = await count('catalogue_subscriptions');
    const refused = await call('firminy', 'POST', `${API}/communes/42095/services/demandes`, { offerId: offers.messagerie });
    expect([refused.statusCode, refused.json().field, refused.json().error.replace(/\u202f/g, ' ')]).toEqual([400, 'offerId', 'Offre réservée aux communes de moins de 2 000 habitants : Firminy en compte 17 128 (population municipale).']);
    const csv = 'offre;code_insee;debut;fin\nsig;42207;2020-01-01;\ninconnue;42095;2020-01-01;\nmessagerie;42043;2020-03-01;2020-02-01\nafcdp;99999;2020-13-01;\n';
    const imported = await call('admin', 'POST', `${API}/catalogue/import/adhesions`, { format: 'csv', content: csv });
    expect(imported.statusCode).toBe(422);
    expect(imported.json().error).toMatch(/^Import refusé, rien n'a été enregistré : 5 erreur\(s\)\. Ligne 2, colonne « code_insee » : Saint-Chamond a déjà une adhésion demandée ou en cours/);
    expect(await count('catalogue_subscriptions')).toBe(subscriptions);
    const ok = await call('admin', 'POST', `${API}/catalogue/import/adhesions`, { format: 'csv', content: 'offre;code_insee;debut\nmessagerie;42043;2020-03-01\n' });
    expect(ok.json()).toEqual({ kind: 'adhesions', created: 1 });
    const accounts = await call('admin', 'POST', `${API}/catalogue/import/comptes`, { format: 'csv', content: 'offre;code_insee;nombre;titulaire;ouverture\nmessagerie;42043;1;Jeanne Roche;2020-03-02\nmessagerie;42043;4;;2020-03-02\n' });
    expect(accounts.json()).toEqual({ kind: 'comptes', created: 2 });
    const badEnd = await call('admin', 'POST', `${API}/catalogue/demandes/00000000-0000-7000-8000-000000000000/acceptation`, { startsOn: '2020-03-01', endsOn: '2020-02-01' });
    expect([badEnd.statusCode, badEnd.json().field]).toEqual([400, 'endsOn']);
  });

  it('shows a referent’s contact details only to their commune and the pooling team', async () => {
    const networks = (who: string) => call(who, 'GET', `${API}/catalogue/reseaux`).then((r) => r.json() as { code: string; members: { commune: string; email: string | null }[] }[]);
    const dsi = (list: Awaited<ReturnType<typeof networks>>) => list.find((n) => n.code === 'club-dsi')!.members;
    const seenBySaintChamond = dsi(await networks('saint-chamond'));
    expect(seenBySaintChamond.find((m) => m.commune === 'Saint-Chamond')!.email).toBe('dsi@saint-chamond.example.fr');
    expect(seenBySaintChamond.find((m) => m.commune === 'Firminy')!.email).toBeNull();
    expect(dsi(await networks('admin')).find((m) => m.commune === 'Firminy')!.email).toBe('dsi@firminy.example.fr');
    expect(dsi(await networks('elu')).every((m) => m.email === null)).toBe(true);
    expect((await call('saint-chamond', 'GET', `${API}/communes/42095/services`)).statusCode).toBe(403);
    const page = new TestClient(app);
    await page.login('saint-chamond@demo.mutualis.fr', DEMO_PASSWORD);
    const html = (await page.get(`${PAGES}/catalogue/reseaux`)).body;
    expect(html).toContain('dsi@saint-chamond.example.fr');
    expect(html).not.toContain('dsi@firminy.example.fr');
    expect((await page.get(`${PAGES}/communes/42095/services`)).statusCode).toBe(403);
  });

  it('prints the year’s indicators as CSV, XLSX and PDF with the report’s figures', async () => {
    const admin = new TestClient(app);
    await admin.login('admin@demo.mutualis.fr', DEMO_PASSWORD);
    const csv = (await admin.get(`${PAGES}/catalogue/indicateurs.csv?annee=2019`)).body;
    expect(csv).toContain('SIG métropolitain (système d’information géographique);Comptes d\'accès;148;');
    const [sheet] = await xlsxRows((await admin.get(`${PAGES}/catalogue/indicateurs.xlsx?annee=2019`)).rawPayload);
    expect(sheet!.rows).toContainEqual(['Accompagnement au Règlement général sur la protection des données (RGPD)', 'Personnes formées', 57, 0, '+57']);
    const pdf = await admin.get(`${PAGES}/catalogue/indicateurs.pdf?annee=2019`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Catalogue de services aux communes : les chiffres de 2019');
    expect(text).toContain('Adhésion à l’AFCDP');
  }, 120_000);

  it('renders every page of the module for the pooling team, and the portal’s one-click request for a commune', async () => {
    const admin = new TestClient(app);
    await admin.login('admin@demo.mutualis.fr', DEMO_PASSWORD);
    for (const path of ['/catalogue', '/catalogue?domaine=gis&commune=42043', `/catalogue/offres/${offers.sig}`, '/catalogue/demandes', '/catalogue/gestion', '/catalogue/reseaux', '/catalogue/formations', '/catalogue/indicateurs', '/catalogue/indicateurs?annee=2018', '/communes/42207/services']) {
      const r = await admin.get(`${PAGES}${path}`);
      expect(r.statusCode, path).toBe(200);
    }
    const indicators = (await admin.get(`${PAGES}/catalogue/indicateurs?annee=2019`)).body;
    expect(indicators).toMatch(/data-offer="sig" data-figure="accounts"><td>Comptes d.(#39;)?accès<\/td><td class="num">148<\/td>/);
    const commune = new TestClient(app);
    await commune.login('firminy@demo.mutualis.fr', DEMO_PASSWORD);
    const csrf = await commune.csrfFrom(`${PAGES}/communes/42095/services`);
    const bad = await commune.postForm(`${PAGES}/communes/42095/services/demandes`, { _csrf: csrf, offerId: offers.messagerie! });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.replace(/\u202f/g, ' ')).toContain('Offre réservée aux communes de moins de 2 000 habitants');
    const good = await commune.postForm(`${PAGES}/communes/42095/services/demandes`, { _csrf: csrf, offerId: offers['visioconference']! });
    expect(good.statusCode).toBe(303);
    const portal = (await commune.get(String(good.headers.location))).body;
    expect(portal).toMatch(/Demande d.(#39;)?adhésion à « Visioconférence Tixéo » envoyée\./);
  });
});
