import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as scheme from './service.ts';

describe(`pooling scheme services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let register: Collectivity[];
  const byInsee = (insee: string) => register.find((c) => c.inseeCode === insee)!;

  const count = async (table: string) => (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof UserError) return { status: error.status, field: error.field, message: error.message };
      throw error;
    }
    throw new Error('accepté');
  };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    register = await territory.listCollectivities(db, ctx);
  });
  afterAll(async () => db.close());

  it('the demo scheme: adopted on 10 December 2015, its orientations, principles, actions and the communes’ opinions', async () => {
    const summary = (await scheme.poolingSchemeSummary(db, ctx, '2020-01-27'))!;
    expect(summary.scheme.adoptedOn).toEqual({ value: '2015-12-10', precision: 'day' });
    expect(summary.orientations.map((o) => o.text.slice(0, 40))).toEqual(['la mutualisation de services et missions', 'la constitution de plateformes de servic', 'le développement de coopérations entre c']);
    expect(summary.scheme.principles).toEqual(["l'expérimentation", 'la progressivité', "l'évaluation régulière"]);
    expect(summary.orientations.map((o) => o.actions.length)).toEqual([9, 4, 3]);
    expect(summary.counts.byStatus).toEqual({ planned: 0, inProgress: 7, done: 9, abandoned: 0 });
    const first = summary.orientations[0]!.actions;
    expect(first.find((a) => a.title.includes('Saint-Chamond'))!.startedOn).toEqual({ value: '2018-07-01', precision: 'day' });
    // The register knows today's 53 members only: they are the communes shown, and it says so.
    expect(summary.consultation).toMatchObject({ deadline: '2015-09-30', membersToday: true });
    expect(summary.consultation.tally).toEqual({ consulted: 53, favourable: 4, tacitFavourable: 49, unfavourable: 0, pending: 0, favourableInAll: 53 });
  });

  it('a fresh draft: opinions pending until the deadline, then tacit', async () => {
    const draft = await scheme.createScheme(db, ctx, { title: 'Schéma de mutualisation 2021-2026', sentToCommunesOn: '2026-03-02', context: '', orientations: ['Services communs', 'Plateformes'], principles: [] });
    const sorbiers = byInsee('42302');
    await scheme.recordOpinion(db, ctx, draft.id, { collectivityId: sorbiers.id, opinion: 'unfavourable', givenOn: '2026-04-10', deliberationReference: 'n° 2026-021' }, '2026-05-01');
    const during = await scheme.schemeDetail(db, ctx, draft.id, '2026-06-02');
    expect(during.consultation.deadline).toBe('2026-06-02');
    expect(during.consultation.tally).toMatchObject({ unfavourable: 1, pending: 52, tacitFavourable: 0 });
    const after = await scheme.schemeDetail(db, ctx, draft.id, '2026-06-03');
    expect(after.consultation.tally).toMatchObject({ unfavourable: 1, pending: 0, tacitFavourable: 52 });
    // A correction replaces the commune's opinion.
    await scheme.recordOpinion(db, ctx, draft.id, { collectivityId: sorbiers.id, opinion: 'favourable', givenOn: '2026-04-10' }, '2026-05-01');
    expect((await scheme.schemeDetail(db, ctx, draft.id, '2026-06-03')).consultation.tally).toMatchObject({ favourable: 1, unfavourable: 0 });
    // The draft is not the scheme in force: the adopted one is, until the draft is adopted.
    expect((await scheme.currentScheme(db, ctx))!.adoptedOn?.value).toBe('2015-12-10');
    const action = await scheme.addAction(db, ctx, draft.id, { orientation: 2, title: 'Plateforme de services numériques', status: 'planned' });
    const done = await scheme.updateAction(db, ctx, draft.id, action.id, { orientation: 2, title: 'Plateforme de services numériques', status: 'done', completedOn: '2026-09' });
    expect(done.completedOn).toEqual({ value: '2026-09', precision: 'month' });
    const updated = await scheme.updateScheme(db, ctx, draft.id, { title: 'Schéma de mutualisation 2021-2026', sentToCommunesOn: '2026-03-02', adoptedOn: '2026-07-06', context: 'Nouveau mandat.', orientations: ['Services communs', 'Plateformes', 'Coopérations'], principles: ['la progressivité'] });
    expect(updated.orientations.length).toBe(3);
    expect((await scheme.currentScheme(db, ctx))!.id).toBe(draft.id);
  });

  it('refuses bad input with a French message naming the field, and writes nothing', async () => {
    const current = (await scheme.listSchemes(db, ctx)).find((s) => s.adoptedOn?.value === '2015-12-10')!;
    const counts = [await count('pooling_schemes'), await count('scheme_actions'), await count('scheme_opinions')];
    expect(await refusal(scheme.createScheme(db, ctx, { title: 'S', context: '', orientations: [], principles: [] }))).toMatchObject({ status: 400, field: 'title' });
    expect(await refusal(scheme.addAction(db, ctx, current.id, { orientation: 7, title: 'Action hors orientation', status: 'planned' }))).toMatchObject({ status: 400, field: 'orientation' });
    expect(await refusal(scheme.addAction(db, ctx, current.id, { orientation: 1, title: 'Mutualisation du service foncier', status: 'done' }))).toMatchObject({ status: 409, field: 'title' });
    expect(await refusal(scheme.recordOpinion(db, ctx, current.id, { collectivityId: byInsee('42218').id, opinion: 'favourable', givenOn: '2015-06-01' }))).toMatchObject({ status: 400, field: 'givenOn' });
    expect(await refusal(scheme.recordOpinion(db, ctx, current.id, { collectivityId: register.find((c) => c.kind === 'epci')!.id, opinion: 'favourable', givenOn: '2015-07-01' }))).toMatchObject({ status: 400, field: 'collectivityId' });
    expect(await refusal(scheme.recordOpinion(db, ctx, current.id, { collectivityId: byInsee('42218').id, opinion: 'réservé', givenOn: '2015-07-01' }))).toMatchObject({ status: 400, field: 'opinion' });
    expect(await refusal(scheme.updateScheme(db, ctx, current.id, { ...current, adoptedOn: '2015-12-10', orientations: ['une seule'] }))).toMatchObject({ status: 409, field: 'orientations' });
    expect(await refusal(scheme.schemeDetail(db, ctx, '01900000-0000-7000-8000-000000000000'))).toMatchObject({ status: 404 });
    expect([await count('pooling_schemes'), await count('scheme_actions'), await count('scheme_opinions')]).toEqual(counts);
  });
});
