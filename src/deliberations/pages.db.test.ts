import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { TestClient } from '../platform/http/testing.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { pdfText } from '../platform/documents/testing.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import { DEMO_COUNCIL } from '../demo/assemblies.ts';
import * as assemblies from '../assemblies/service.ts';
import * as deliberations from './service.ts';
import { decidedSitting } from './testing.ts';

const base = `/t/${DEMO_SIREN}`;

function multipart(fields: Record<string, string>, file: { name: string; filename: string; type: string; bytes: Uint8Array }) {
  const boundary = 'mutualis-test-boundary';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(`deliberation pages and API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let secretariat: TestClient;
  let reader: TestClient;
  let itemId: string;
  let ctx: { territoryId: string; actor: typeof SYSTEM_ACTOR };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const councilId = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!.id;
    itemId = (await decidedSitting(db, ctx, councilId, '2020-02-24', ['Convention de service commun SIG'])).itemIds[0]!;
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
    await app.ready();
    secretariat = new TestClient(app);
    expect((await secretariat.login('assemblees@demo.mutualis.fr', DEMO_PASSWORD)).statusCode).toBe(303);
    reader = new TestClient(app);
    expect((await reader.login('elu@demo.mutualis.fr', DEMO_PASSWORD)).statusCode).toBe(303);
  });
  afterAll(async () => {
    await app.close();
    await closePdfWorkers();
    await db.close();
  });

  it('searches the register in French full text, and shows the demo deliberation with its documents and history', async () => {
    const found = await reader.get(`${base}/deliberations?texte=sch%C3%A9mas+de+mutualisation`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('2020.00079');
    const none = await reader.get(`${base}/deliberations?texte=piscine`);
    expect(none.body).toContain('Aucune délibération ne correspond.');
    const d = (await deliberations.findDeliberation(db, ctx, { number: '2020.00079' }))!;
    const page = await reader.get(`${base}/deliberations/${d.id}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Délibération n° 2020.00079', '042-244200770-20200127-2020_00079-DE', 'extrait.pdf', 'extrait.docx', 'proces-verbal.pdf', 'transmission en préfecture', 'publication']) expect(page.body).toContain(text);
    expect(page.body).not.toContain('Joindre une annexe');
    const pdf = await reader.get(`${base}/deliberations/${d.id}/extrait.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(pdf.rawPayload)).toContain('EXTRAIT DU REGISTRE DES DELIBERATIONS');
    const csv = await reader.get(`${base}/deliberations/scdl.csv?annee=2020`);
    expect(csv.body.split('\n')[1]).toContain('2020.00079');
  });

  it('creates, numbers, annexes and publishes through the forms; a refused form keeps the typed values', async () => {
    const token = await secretariat.csrfFrom(`${base}/deliberations/nouvelle`);
    const refused = await secretariat.postForm(`${base}/deliberations`, { _csrf: token, itemId, matterCode: '5.7', decision: 'La convention est approuvée.', number: '2020.00079' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('déjà attribué');
    expect(refused.body).toContain('La convention est approuvée.');
    const created = await secretariat.postForm(`${base}/deliberations`, { _csrf: token, itemId, matterCode: '5.7', recitals: 'Vu le CGCT, L5211-4-2.', decision: 'La convention est approuvée.' });
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location);
    const page = await secretariat.get(url);
    expect(page.body).toContain('Délibération n° 2020.00080');
    const pdf = new TextEncoder().encode('%PDF-1.4\n% convention\n');
    const upload = multipart({ _csrf: token, title: 'Convention signée' }, { name: 'fichier', filename: 'convention.pdf', type: 'application/pdf', bytes: pdf });
    const attached = await app.inject({ method: 'POST', url: `${url}/annexes`, headers: { cookie: `mutualis_session=${secretariat.cookie('mutualis_session')}; _csrf_secret=${secretariat.cookie('_csrf_secret')}`, 'content-type': upload.contentType }, payload: upload.payload });
    expect(attached.statusCode).toBe(303);
    const withAnnex = await secretariat.get(url);
    const annexHref = /href="([^"]+\/annexes\/[0-9a-f-]+)"/.exec(withAnnex.body)![1]!;
    const downloaded = await secretariat.get(annexHref);
    expect(downloaded.rawPayload.equals(Buffer.from(pdf))).toBe(true);
    const early = await secretariat.postForm(`${url}/publication`, { _csrf: token, publishedOn: '2020-02-20' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('précède l’adoption');
    expect((await secretariat.postForm(`${url}/publication`, { _csrf: token, publishedOn: '2020-02-25' })).statusCode).toBe(303);
    const wrongSiren = await secretariat.postForm(`${url}/transmission`, { _csrf: token, actesId: '042-200040715-20200224-2020_00080-DE', transmittedOn: '2020-02-25' });
    expect(wrongSiren.statusCode).toBe(400);
    expect(wrongSiren.body).toContain('SIREN 200040715');
    expect((await secretariat.postForm(`${url}/transmission`, { _csrf: token, actesId: '', transmittedOn: '2020-02-25', acknowledgedOn: '2020-02-26', channel: 'S²LOW' })).statusCode).toBe(303);
    const done = await secretariat.get(url);
    expect(done.body).toContain('042-244200770-20200224-2020_00080-DE');
    expect(done.body).toContain('26/02/2020');
  });

  it('shows published acts on the public page without an account, and nothing unpublished', async () => {
    const anonymous = new TestClient(app);
    const page = await anonymous.get(`${base}/publication`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Délibération n° 2020.00079');
    const councilId = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!.id;
    const hidden = await decidedSitting(db, ctx, councilId, '2020-03-02', ['Point non publié PAS-EN-LIGNE']);
    await deliberations.createDeliberation(db, ctx, { itemId: hidden.itemIds[0]!, matterCode: '5.2', decision: 'Décision PAS-EN-LIGNE.' });
    expect((await anonymous.get(`${base}/publication`)).body).not.toContain('PAS-EN-LIGNE');
    expect((await anonymous.get('/t/999999999/publication')).statusCode).toBe(404);
    expect((await anonymous.get(`${base}/deliberations`)).statusCode).toBe(302);
  });

  it('sets a year’s numbering from the register page, and refuses a wrong pattern next to its field', async () => {
    const token = await secretariat.csrfFrom(`${base}/deliberations`);
    const wrong = await secretariat.postForm(`${base}/deliberations/numerotation`, { _csrf: token, year: '2022', pattern: '{AAAA}', firstNumber: '1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="num-modele-erreur"');
    expect(wrong.body).toContain('value="{AAAA}"');
    const done = await secretariat.postForm(`${base}/deliberations/numerotation`, { _csrf: token, year: '2022', pattern: '{AAAA}-{NNNN}', firstNumber: '12' });
    expect(done.statusCode).toBe(303);
    expect((await deliberations.numbering(db, ctx, 2022)).next).toBe('2022-0012');
    expect((await reader.get(`${base}/deliberations`)).body).not.toContain('Numérotation d’une année');
  });

  it('answers the API: search, create with a French error, configure the numbering', async () => {
    const token = await secretariat.csrfFrom(`${base}/deliberations/nouvelle`);
    const list = await secretariat.get(`/api/t/${DEMO_SIREN}/deliberations?texte=mutualisation`);
    expect(list.json().map((d: { number: string }) => d.number)).toEqual(['2020.00079']);
    const bad = await secretariat.json('POST', `/api/t/${DEMO_SIREN}/deliberations`, { itemId, matterCode: '9.99', decision: 'x' }, token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'matterCode', error: expect.stringContaining('nomenclature ACTES') });
    const numbering = await secretariat.json('POST', `/api/t/${DEMO_SIREN}/deliberations/numerotation`, { year: 2021, pattern: 'D{AA}-{NNN}', firstNumber: 1 }, token);
    expect(numbering.json()).toEqual({ year: 2021, pattern: 'D{AA}-{NNN}', next: 'D21-001' });
    const refused = await secretariat.json('POST', `/api/t/${DEMO_SIREN}/deliberations/numerotation`, { year: 2020, pattern: '{AAAA}-{NNN}' }, token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toContain('déjà numérotées');
  });
});
