import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { loadDemo } from '../demo/service.ts';
import { DEMO_COUNCIL } from '../demo/assemblies.ts';
import * as assemblies from '../assemblies/service.ts';
import * as deliberations from './service.ts';
import { decidedSitting, tinyPdf } from './testing.ts';
import { backupTerritory, restoreTerritory } from '../platform/backup.ts';
import { DEMO_SIREN } from '../demo/service.ts';

describe(`deliberations on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let councilId: string;
  let items: string[];
  /** Rows of the module's tables and of the audit log: a refused request changes none. */
  const footprint = async () =>
    (
      await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) =>
        rows<{ n: string }>(
          tx,
          sql`select (select count(*) from deliberations) || '/' || (select count(*) from deliberation_annexes) || '/' || (select coalesce(sum(last_number), 0) from deliberation_counters) || '/' ||
                     (select count(*) from deliberations where transmitted_on is not null or published_on is not null) || '/' || (select count(*) from audit_log) as n`,
        ),
      )
    )[0]!.n;

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    councilId = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!.id;
    items = (await decidedSitting(db, ctx, councilId, '2020-02-24', ['Budget primitif 2020', 'Subvention au club', 'Convention de service commun', 'Tarifs'])).itemIds;
  });
  afterAll(() => db.close());

  it('holds the demo deliberation as the extract gives it', async () => {
    const d = (await deliberations.findDeliberation(db, ctx, { number: '2020.00079', year: 2020 }))!;
    expect(d).toMatchObject({ number: '2020.00079', adoptedOn: '2020-01-27', outcome: 'noted', matterCode: '5.7', actesId: '042-244200770-20200127-2020_00079-DE', transmittedOn: '2020-02-04', acknowledgedOn: '2020-02-04', enforceableOn: '2020-02-04' });
    expect(await deliberations.findDeliberation(db, ctx, { id: d.id })).toEqual(d);
    expect(await deliberations.findDeliberation(db, ctx, { number: '2020.00079', year: 2021 })).toBeNull();
    const detail = await deliberations.deliberationDetail(db, ctx, d.id);
    expect(detail.attendance.counts).toMatchObject({ inOffice: 112, present: 84, represented: 10, votingPower: 94 });
    expect(detail.history.map((h) => h.action)).toEqual(['création', 'transmission en préfecture', 'publication']);
    expect(detail.rapporteur).toBe('M. Gaël PERDRIAU');
  });

  it('numbers two deliberations created at once with two numbers, one after the other', async () => {
    const [a, b] = await Promise.all([
      deliberations.createDeliberation(db, ctx, { itemId: items[0]!, matterCode: '7.1', decision: 'Le budget primitif 2020 est adopté.' }),
      deliberations.createDeliberation(db, ctx, { itemId: items[1]!, matterCode: '7.5', decision: 'La subvention est attribuée.' }),
    ]);
    expect([a!.number, b!.number].sort()).toEqual(['2020.00080', '2020.00081']);
    expect(a!.outcome).toBe('adopted');
    expect((await deliberations.numbering(db, ctx, 2020)).next).toBe('2020.00082');
  });

  it('refuses a number already used, a gap, an undecided item, a second deliberation of an item; writes nothing', async () => {
    const before = await footprint();
    const input = { itemId: items[2]!, matterCode: '5.7', decision: 'La convention est approuvée.' };
    await expect(deliberations.createDeliberation(db, ctx, { ...input, number: '2020.00079' })).rejects.toMatchObject({ status: 409, field: 'number', message: expect.stringContaining('déjà attribué') });
    await expect(deliberations.createDeliberation(db, ctx, { ...input, number: '2020.00090' })).rejects.toMatchObject({ status: 409, field: 'number', message: expect.stringContaining('2020.00082') });
    await expect(deliberations.createDeliberation(db, ctx, { ...input, number: '2021.00082' })).rejects.toMatchObject({ status: 400, field: 'number' });
    await expect(deliberations.createDeliberation(db, ctx, { ...input, number: '80' })).rejects.toMatchObject({ status: 400, field: 'number' });
    await expect(deliberations.createDeliberation(db, ctx, { ...input, itemId: items[0]! })).rejects.toMatchObject({ status: 409, field: 'itemId' });
    await expect(deliberations.createDeliberation(db, ctx, { ...input, matterCode: '5.77' })).rejects.toMatchObject({ status: 400, field: 'matterCode' });
    const open = await assemblies.createSitting(db, ctx, { bodyId: councilId, date: '2020-03-02', time: '18:00', place: 'Saint-Étienne', convokedOn: '2020-02-20' });
    const pending = await assemblies.addAgendaItem(db, ctx, open.id, { title: 'Point en attente', kind: 'vote' });
    const withSitting = await footprint();
    await expect(deliberations.createDeliberation(db, ctx, { ...input, itemId: pending.id })).rejects.toMatchObject({ status: 409, field: 'itemId' });
    expect(await footprint()).toBe(withSitting);
    expect(withSitting.split('/').slice(0, 4)).toEqual(before.split('/').slice(0, 4));
    // The next free number, given explicitly, is accepted: the register keeps no gap.
    expect((await deliberations.createDeliberation(db, ctx, { ...input, number: '2020.00082' })).number).toBe('2020.00082');
  });

  it('checks the @ctes id against the deliberation, and the dates against its adoption', async () => {
    const d = (await deliberations.findDeliberation(db, ctx, { number: '2020.00080' }))!;
    const before = await footprint();
    await expect(deliberations.recordTransmission(db, ctx, d.id, { actesId: '042-244200770-20200225-2020_00080-DE', transmittedOn: '2020-02-26' })).rejects.toMatchObject({ status: 400, field: 'actesId', message: expect.stringContaining('25/02/2020') });
    await expect(deliberations.recordTransmission(db, ctx, d.id, { actesId: '042-200040715-20200224-2020_00080-DE', transmittedOn: '2020-02-26' })).rejects.toMatchObject({ status: 400, field: 'actesId', message: expect.stringContaining('SIREN') });
    await expect(deliberations.recordTransmission(db, ctx, d.id, { transmittedOn: '2020-02-20' })).rejects.toMatchObject({ status: 400, field: 'transmittedOn' });
    await expect(deliberations.recordTransmission(db, ctx, d.id, { transmittedOn: '2020-02-26', acknowledgedOn: '2020-02-25' })).rejects.toMatchObject({ status: 400, field: 'acknowledgedOn' });
    await expect(deliberations.publishDeliberation(db, ctx, d.id, '2020-02-23')).rejects.toMatchObject({ status: 400, field: 'publishedOn', message: expect.stringContaining('précède l’adoption') });
    await expect(deliberations.publishDeliberation(db, ctx, d.id, '2020-02-31')).rejects.toMatchObject({ status: 400, field: 'publishedOn' });
    expect(await footprint()).toBe(before);
    const published = await deliberations.publishDeliberation(db, ctx, d.id, '2020-02-27');
    expect(published.enforceableOn).toBeNull();
    const sent = await deliberations.recordTransmission(db, ctx, d.id, { transmittedOn: '2020-02-26', channel: 'S²LOW' });
    expect(sent.actesId).toBe('042-244200770-20200224-2020_00080-DE');
    expect((await deliberations.recordTransmission(db, ctx, d.id, { transmittedOn: '2020-02-26', acknowledgedOn: '2020-02-28' })).enforceableOn).toBe('2020-02-28');
  });

  it('stores annexes in the database, size-limited, until the act is transmitted', async () => {
    const d = (await deliberations.findDeliberation(db, ctx, { number: '2020.00081' }))!;
    const pdf = new TextEncoder().encode('%PDF-1.4\n% annexe\n');
    const annex = await deliberations.attachFile(db, ctx, d.id, { filename: 'Rapport annexé.pdf', bytes: pdf });
    expect(annex).toMatchObject({ position: 1, title: 'Rapport annexé', mediaType: 'application/pdf', size: pdf.length, source: 'upload' });
    expect((await deliberations.annexContent(db, ctx, d.id, annex.id)).content).toEqual(pdf);
    const doc = await deliberations.attachDocument(db, ctx, d.id, { title: 'Rapport d’avancement 2020', filename: 'rapport.pdf', bytes: pdf });
    expect(doc).toMatchObject({ position: 2, source: 'document' });
    const before = await footprint();
    await expect(deliberations.attachFile(db, ctx, d.id, { filename: 'gros.pdf', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25) })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('5 Mo') });
    await expect(deliberations.attachFile(db, ctx, d.id, { filename: 'script.exe', bytes: pdf })).rejects.toMatchObject({ status: 422, field: 'fichier' });
    const demo = (await deliberations.findDeliberation(db, ctx, { number: '2020.00079' }))!;
    await expect(deliberations.attachFile(db, ctx, demo.id, { filename: 'tard.pdf', bytes: pdf })).rejects.toMatchObject({ status: 409 });
    expect(await footprint()).toBe(before);
    expect((await deliberations.deliberationDetail(db, ctx, d.id)).history.map((h) => h.action)).toEqual(['création', 'annexe', 'annexe (document Mutualis)']);
    // The report the transmitted act refers to ("ci-joint") can still be joined, as a Mutualis document.
    const report = await deliberations.attachDocument(db, ctx, demo.id, { title: 'Rapport d’avancement du schéma de mutualisation 2020', filename: 'rapport-2020.pdf', bytes: pdf });
    expect(report).toMatchObject({ position: 1, source: 'document' });
  });

  it('searches the register by number, date, matter, body and French full text', async () => {
    const numbers = async (q: deliberations.RegisterQuery) => (await deliberations.searchRegister(db, ctx, q)).map((d) => d.number);
    expect(await numbers({ text: 'mutualisation' })).toEqual(['2020.00079']);
    // French stemming: "schémas" finds "schéma", "adoptés" finds "adopté".
    expect(await numbers({ text: 'schémas' })).toEqual(['2020.00079']);
    expect(await numbers({ text: 'budgets adoptés' })).toEqual(['2020.00080']);
    expect(await numbers({ number: '00079' })).toEqual(['2020.00079']);
    expect(await numbers({ matterCode: '7' })).toEqual(['2020.00081', '2020.00080']);
    expect(await numbers({ from: '2020-02-01', to: '2020-02-29', bodyId: councilId })).toEqual(['2020.00082', '2020.00081', '2020.00080']);
    expect(await numbers({ year: 2019 })).toEqual([]);
    expect(await numbers({ text: '!!! ((' })).toEqual([]);
  });

  it('carries annexes (bytea) through a backup and a restore, byte for byte', async () => {
    const d = (await deliberations.findDeliberation(db, ctx, { number: '2020.00082' }))!;
    const pdf = tinyPdf('Sauvegarde');
    const annex = await deliberations.attachFile(db, ctx, d.id, { filename: 'sauvegarde.pdf', bytes: pdf });
    const { data } = await backupTerritory(db, DEMO_SIREN);
    const other = await testDatabase();
    try {
      const restored = await restoreTerritory(other, data);
      const ctx2 = { territoryId: restored.territory.id, actor: SYSTEM_ACTOR };
      expect((await deliberations.annexContent(other, ctx2, d.id, annex.id)).content).toEqual(pdf);
      expect((await deliberations.findDeliberation(other, ctx2, { number: '2020.00079' }))?.actesId).toBe('042-244200770-20200127-2020_00079-DE');
    } finally {
      await other.close();
    }
  });
});
