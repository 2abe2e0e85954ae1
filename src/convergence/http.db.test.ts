import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { TestClient } from '../platform/http/testing.ts';
import { xlsxRows } from '../platform/documents/testing.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

const API = `/api/t/${DEMO_SIREN}`;
const PAGES = `/t/${DEMO_SIREN}`;

describe(`convergence and scheme over HTTP on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr', 'assemblees@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('serves the report’s table and the projects; a commune user reads them but cannot change them', async () => {
    const table = await call('saint-chamond', 'GET', `${API}/convergence/tableau/2019`);
    expect(table.statusCode).toBe(200);
    expect(table.json().periods).toEqual(['2016/2017', '2018', '2019']);
    expect(table.json().projectCount).toBe(27);
    expect((await call('saint-chamond', 'POST', `${API}/convergence/projets`, { category: 'software', title: 'Outil interdit', startedOn: '2020', status: 'done' })).statusCode).toBe(403);
    const created = await call('admin', 'POST', `${API}/convergence/projets`, { category: 'software', title: 'Parapheur électronique', tool: 'iXBus', startedOn: 'février 2020', status: 'inProgress' });
    expect(created.statusCode).toBe(201);
    const id = created.json().project.id;
    expect(created.json().project.startedOn).toEqual({ value: '2020-02', precision: 'month' });
    const bad = await call('admin', 'POST', `${API}/convergence/projets/${id}`, { category: 'software', title: 'Parapheur électronique', startedOn: '2020', endedOn: '2019', status: 'done' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'Le champ « fin » ne peut précéder le début du projet.', field: 'endedOn' });
    expect((await call('admin', 'POST', `${API}/convergence/projets`, { category: 'software', title: 'Parapheur électronique', startedOn: '2020', status: 'done' })).statusCode).toBe(409);
    expect((await call('admin', 'DELETE', `${API}/convergence/projets/${id}`)).statusCode).toBe(204);
    // The import takes the file as the body; a bad file is refused whole, every problem located.
    const send = (csv: string) => app.inject({ method: 'POST', url: `${API}/convergence/import`, headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' }, payload: csv });
    const refused = await send('categorie;intitule;debut;etat\nlogiciel;Archivage;2020;En cours\nsoftware;Coffre-fort numérique;plus tard;En cours\n');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems.map((p: { line: number; column: string }) => `${p.line} ${p.column}`)).toEqual(['2 categorie', '3 debut']);
    const imported = await send('categorie;intitule;debut;etat;participants\nsoftware;Coffre-fort numérique;2020;En cours;42218\n');
    expect([imported.statusCode, imported.json()]).toEqual([201, { projects: 1, participants: 1 }]);
    expect((await app.inject({ method: 'POST', url: `${API}/convergence/import`, headers: { authorization: `Bearer ${tokens['saint-chamond']}`, 'content-type': 'text/csv' }, payload: 'x' })).statusCode).toBe(403);
    expect((await call('admin', 'GET', `${API}/convergence/projets/${id}`)).statusCode).toBe(404);
  });

  it('serves the scheme in force with the communes’ opinions; the secretariat records one', async () => {
    const summary = await call('saint-chamond', 'GET', `${API}/schemas/en-vigueur`);
    expect(summary.statusCode).toBe(200);
    const body = summary.json();
    expect(body.scheme.adoptedOn).toEqual({ value: '2015-12-10', precision: 'day' });
    expect(body.consultation.deadline).toBe('2015-09-30');
    expect(body.consultation.tally.tacitFavourable).toBe(49);
    const sorbiers = body.consultation.opinions.find((o: { name: string }) => o.name === 'Sorbiers');
    expect(sorbiers.state).toBe('tacitFavourable');
    expect((await call('saint-chamond', 'POST', `${API}/schemas/${body.scheme.id}/avis`, { collectivityId: sorbiers.collectivityId, opinion: 'favourable', givenOn: '2015-08-01' })).statusCode).toBe(403);
    const recorded = await call('assemblees', 'POST', `${API}/schemas/${body.scheme.id}/avis`, { collectivityId: sorbiers.collectivityId, opinion: 'unfavourable', givenOn: '2015-08-01', deliberationReference: 'n° 2015-044' });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().consultation.tally).toMatchObject({ favourable: 4, unfavourable: 1, tacitFavourable: 48 });
    const late = await call('assemblees', 'POST', `${API}/schemas/${body.scheme.id}/avis`, { collectivityId: sorbiers.collectivityId, opinion: 'unfavourable', givenOn: '2015-10-20' });
    expect(late.json().consultation.opinions.find((o: { name: string }) => o.name === 'Sorbiers')).toMatchObject({ state: 'tacitFavourable', late: true });
    expect((await call('admin', 'POST', `${API}/schemas/${body.scheme.id}/actions`, { title: 'Action sans orientation connue', orientation: 9, status: 'planned' })).json()).toMatchObject({ field: 'orientation' });
  });

  it('renders the pages and the exports as a user reads them', async () => {
    const client = new TestClient(app);
    expect((await client.login('admin@demo.mutualis.fr', DEMO_PASSWORD)).statusCode).toBe(303);
    const page = await client.get(`${PAGES}/convergence`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Déploiement du logiciel de gestion financière (CORIOLIS)');
    expect(page.body).toContain('<th scope="col">2016/2017</th>');
    const xlsx = await client.get(`${PAGES}/convergence.xlsx?annee=2019`);
    expect(xlsx.statusCode).toBe(200);
    const [sheet] = await xlsxRows(xlsx.rawPayload);
    expect(sheet!.rows.length).toBe(28);
    expect(sheet!.rows[0]).toEqual(['Catégorie', 'Période', 'Projet', 'Début', 'Fin', 'État', 'Participants']);
    const scheme = await client.get(`${PAGES}/schema`);
    expect(scheme.statusCode).toBe(200);
    expect(scheme.body).toContain('le 10/12/2015');
    expect(scheme.body).toContain('CGCT, article L5211-39-1');
    // A form refused keeps the typed values and names the field.
    const csrf = await client.csrfFrom(`${PAGES}/convergence`);
    const refused = await client.postForm(`${PAGES}/convergence/projets`, { _csrf: csrf, category: 'software', title: 'Archivage électronique', startedOn: 'bientôt', status: 'planned' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Le champ « début » doit être une année');
    expect(refused.body).toContain('value="Archivage électronique"');
    const made = await client.postForm(`${PAGES}/convergence/projets`, { _csrf: csrf, category: 'software', title: 'Archivage électronique', startedOn: '2020', status: 'planned' });
    expect(made.statusCode).toBe(303);
    const project = await client.get(String(made.headers.location));
    expect(project.statusCode).toBe(200);
    expect(project.body).toContain('<h1>Archivage électronique</h1>');
  });
});
