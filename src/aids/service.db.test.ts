import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { ImportError } from '../platform/imports.ts';
import { UserError } from '../platform/http/errors.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { evaluateScheme } from './model.ts';
import { formatCriteriaText } from './criteria-text.ts';
import { statusRank, type CriteriaGroup } from './eligibility.ts';
import * as store from './store.ts';
import * as aids from './service.ts';

const TODAY = '2026-12-01';

describe(`aids on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let id: (insee: string) => Promise<string>;

  async function count(table: string): Promise<number> {
    return db.transaction({ territoryId: ctx.territoryId, personId: null }, async (tx) => (await rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);
  }

  const aScheme = (o: Record<string, unknown> = {}) => ({ name: 'Aide de test', description: 'Description', funders: ['Financeur de test'], level: 'national', perimeterScale: 'france', audiences: ['commune'], aidTypes: ['grant'], recurrence: 'ongoing', status: 'published', ...o });

  beforeAll(async () => {
    db = await testDatabase();
    const t = (await loadDemo(db))!;
    ctx = { territoryId: t.id, actor: SYSTEM_ACTOR };
    id = async (insee) => (await territory.collectivityByInsee(db, ctx, insee))!.id;
  });
  afterAll(async () => db.close());

  it('the demo guide holds at least 40 schemes; a 600-inhabitant rural commune and Saint-Étienne get visibly different answers', async () => {
    expect((await aids.listSchemes(db, ctx)).length).toBeGreaterThanOrEqual(40);
    const small = await aids.searchAids(db, ctx, { beneficiaryId: await id('42266') }, TODAY);
    const big = await aids.searchAids(db, ctx, { beneficiaryId: await id('42218') }, TODAY);
    const names = (a: aids.SearchAnswer) => a.results.map((r) => r.scheme.name);
    expect(names(small)).toContain('DETR — Dotation d’équipement des territoires ruraux');
    expect(names(big)).not.toContain('DETR — Dotation d’équipement des territoires ruraux');
    const detr = big.ineligible.find((r) => r.scheme.name.startsWith('DETR'))!;
    expect(detr.eligibility.reasons.map((r) => r.text.replace(/\u202f/g, ' '))).toContain('cas 2 : population 172 569 > 20 000 : non éligible');
    expect(small.counts.eligible - big.counts.eligible).toBeGreaterThanOrEqual(8);
    // Drafts and expired schemes are never offered.
    expect([...names(small), ...small.ineligible.map((r) => r.scheme.name)].some((n) => n.startsWith('WiFi4EU') || n.includes('en préparation'))).toBe(false);
  });

  it('French full text: "écoles rénovées" finds "rénovation d’école", accents and plurals ignored, name above description', async () => {
    const { id: mine } = await aids.createScheme(db, ctx, aScheme({ name: 'Rénovation d’école', description: 'Travaux.', funders: ['Financeur A'] }), TODAY);
    await aids.createScheme(db, ctx, aScheme({ name: 'Aide aux bâtiments', description: 'Pour la rénovation d’une école ou d’une mairie.', funders: ['Financeur B'] }), TODAY);
    const search = async (text: string) => (await aids.searchAids(db, ctx, { beneficiaryId: await id('42218'), text }, TODAY)).results.map((r) => r.scheme.id);
    for (const text of ['écoles rénovées', 'ecole renovation', 'ECOLES', 'rénov', 'Renovation d ecole']) expect(await search(text), text).toContain(mine);
    const ranked = await aids.searchAids(db, ctx, { beneficiaryId: await id('42218'), text: 'rénovation école' }, TODAY);
    const order = ranked.results.map((r) => r.scheme.name);
    expect(order.indexOf('Rénovation d’école')).toBeLessThan(order.indexOf('Aide aux bâtiments'));
    expect(await search('zzzz introuvable')).toEqual([]);
  });

  it('filters: funder level, aid type, theme, deadline; project type keeps generic aids', async () => {
    const commune = await id('42266');
    const regional = await aids.searchAids(db, ctx, { beneficiaryId: commune, levels: ['regional'] }, TODAY);
    expect(regional.results.every((r) => r.scheme.level === 'regional')).toBe(true);
    expect(regional.results.length).toBeGreaterThan(3);
    const loans = await aids.searchAids(db, ctx, { beneficiaryId: commune, aidTypes: ['loan'] }, TODAY);
    expect(loans.results.every((r) => r.scheme.aidTypes.includes('loan'))).toBe(true);
    const water = await aids.searchAids(db, ctx, { beneficiaryId: commune, theme: 'environment' }, TODAY);
    expect(water.results.every((r) => r.scheme.projectTypes.length === 0 || r.scheme.projectTypes.some((t) => ['water', 'biodiversity', 'waste', 'risks'].includes(t)))).toBe(true);
    const soon = await aids.searchAids(db, ctx, { beneficiaryId: commune, deadlineBefore: '2099-12-31' }, TODAY);
    expect(soon.results.every((r) => r.scheme.deadline !== null && r.scheme.recurrence !== 'ongoing')).toBe(true);
    const schools = await aids.searchAids(db, ctx, { beneficiaryId: commune, projectType: 'schools' }, TODAY);
    expect(schools.results.every((r) => r.scheme.projectTypes.length === 0 || r.scheme.projectTypes.includes('schools'))).toBe(true);
    // A scheme aimed at schools comes before a generic one.
    const first = schools.results.findIndex((r) => r.scheme.projectTypes.length === 0);
    expect(schools.results.slice(0, first).length).toBeGreaterThan(0);
  });

  it('open by date: a scheme whose deadline passed is not offered; marking it expired is audited', async () => {
    const s = await aids.createScheme(db, ctx, aScheme({ name: 'Appel clos hier', recurrence: 'oneOff', deadline: '2026-11-30' }), TODAY);
    const today = await aids.searchAids(db, ctx, { beneficiaryId: await id('42218'), text: 'Appel clos hier' }, TODAY);
    expect(today.results.map((r) => r.scheme.id)).not.toContain(s.id);
    const before = await aids.searchAids(db, ctx, { beneficiaryId: await id('42218'), text: 'Appel clos hier' }, '2026-11-30');
    expect(before.results.map((r) => r.scheme.id)).toContain(s.id);
    expect(await aids.markExpiredSchemes(db, ctx, TODAY)).toBe(1);
    expect((await aids.schemeDetail(db, ctx, s.id, true)).status).toBe('expired');
  });

  it('property: the SQL that orders the search and the model that explains it agree on every scheme and commune', async () => {
    const bound = fc.option(fc.record({ value: fc.integer({ min: 0, max: 200_000 }), inclusive: fc.boolean() }), { nil: null });
    const range = fc.option(fc.record({ min: bound, max: bound }), { nil: null });
    const groupArb = fc.record({ population: range, area: fc.constantFrom(null, 'rural' as const, 'urban' as const), epciPopulation: range, fiscalPotential: range });
    const groupsArb = fc.array(groupArb, { maxLength: 3 }).filter((gs) => gs.every((g) => [g.population, g.epciPopulation, g.fiscalPotential].every((r) => !r || !r.min || !r.max || r.min.value + (r.min.inclusive ? 0 : 1) <= r.max.value - (r.max.inclusive ? 0 : 1))));
    const samples = fc.sample(fc.tuple(groupsArb, fc.subarray(['commune', 'epci'] as const, { minLength: 1 }), fc.constantFrom('france', 'department')), { numRuns: 60, seed: 20200127 });
    const raws = samples.map(([groups, audiences, scale], i) =>
      aScheme({ name: `Propriété ${i}`, funders: [`Financeur ${i}`], criteria: formatCriteriaText(groups as CriteriaGroup[]), audiences, perimeterScale: scale, perimeterCode: scale === 'department' ? (i % 2 ? '42' : '43') : null, keywords: ['propriete'] }),
    );
    const created = await aids.createSchemes(db, ctx, raws, TODAY);
    const facts = await aids.territoryFacts(db, ctx, TODAY);
    const mismatches: string[] = [];
    for (const insee of ['42218', '42266', '42207', '42031']) {
      const b = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => aids.beneficiaryOf(tx, ctx, facts, facts.collectivities.get([...facts.collectivities.values()].find((c) => c.inseeCode === insee)!.id)!.id));
      for (const variant of [b, { ...b, population: null }, { ...b, densityLevel: null, fiscalPotentialCents: null }, { ...b, kind: 'epci', audience: 'epci' as const }]) {
        const hits = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) =>
          store.searchSchemes(tx, ctx.territoryId, { criteria: { themeTypes: null }, words: [], facts: variant, today: TODAY, ids: created.map((s) => s.id), limit: 1000, ineligibleLimit: 1000 }),
        );
        expect(hits).toHaveLength(created.length);
        for (const hit of hits) {
          const scheme = created.find((s) => s.id === hit.id)!;
          const model = statusRank(evaluateScheme(scheme, variant).status);
          if (model !== hit.statusRank) mismatches.push(`${scheme.name} (${formatCriteriaText(scheme.eligibility.groups)}) pour ${variant.name}/${variant.population}: SQL ${hit.statusRank}, modèle ${model}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a scheme with a minimum population above the maximum is refused, naming the field, nothing written', async () => {
    const before = await count('funding_schemes');
    await expect(aids.createScheme(db, ctx, aScheme({ name: 'Incohérente', criteria: 'population ≥ 5 000 et population ≤ 2 000' }), TODAY)).rejects.toMatchObject({ status: 400, field: 'criteria' });
    await expect(aids.createScheme(db, ctx, aScheme({ name: 'DETR — Dotation d’équipement des territoires ruraux', funders: ['État — Préfecture de la Loire'] }), TODAY)).rejects.toMatchObject({ status: 409 });
    expect(await count('funding_schemes')).toBe(before);
  });

  it('CSV import: every bad line named, nothing written; a good file creates, updates duplicates, marks the expired', async () => {
    const header = 'identifiant;nom;description;financeurs;niveau;perimetre;code_perimetre;beneficiaires;types_aide;criteres;date_limite;recurrence\n';
    const bad = `${header}x1;Aide 1;Texte;Région;regional;region;99;Communes;Subvention;;;Permanente\nx2;;Texte;Région;regional;france;;Communes;Subvention;population >= 5000 et population <= 2000;;oneOff\nx1;Aide 1;Texte;Région;regional;france;;communes;grant;;31/02/2027;oneOff\n`;
    const before = await count('funding_schemes');
    const error = await aids.importSchemes(db, ctx, new TextEncoder().encode(bad), TODAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems.map((p) => `${p.line}:${p.column}`);
    expect(problems).toEqual(expect.arrayContaining(['2:code_perimetre', '3:nom', '3:criteres', '4:date_limite']));
    expect(await count('funding_schemes')).toBe(before);
    const good = `${header}x1;Aide importée;Texte;Région Auvergne-Rhône-Alpes;Région;region;84;Communes | Intercommunalités / Pays;Subvention;population ≤ 3 500;;Permanente\nx2;Aide échue;Texte;État;national;france;;commune;grant;;01/01/2020;Ponctuelle\n`;
    expect(await aids.importSchemes(db, ctx, new TextEncoder().encode(good), TODAY)).toEqual({ created: 2, updated: 0, expired: 1 });
    expect(await aids.importSchemes(db, ctx, new TextEncoder().encode(good.replace('Aide importée', 'Aide importée (corrigée)')), TODAY)).toEqual({ created: 0, updated: 2, expired: 1 });
    const dup = `${header};Aide A;Texte;Financeur;national;france;;commune;grant;;;ongoing\n;aide a;Texte;financeur;national;france;;commune;grant;;;ongoing\n`;
    await expect(aids.importSchemes(db, ctx, new TextEncoder().encode(dup), TODAY)).rejects.toMatchObject({ problems: [{ line: 3, column: 'nom', message: 'Doublon de la ligne 2 (même nom et même financeur).' }] });
  });

  it('JSON in the Aides-territoires layout: imported, exported, and read back the same', async () => {
    const at = { count: 1, results: [{ id: 1234, name: 'Soutien aux écoles rurales', description: 'Pour les écoles.', financers: ['Département de la Loire'], perimeter: 'Loire', targeted_audiences: ['Communes'], aid_types: ['Subvention'], mobilization_steps: ['Mise en œuvre / réalisation'], destinations: ['Dépenses d’investissement'], submission_deadline: '2030-01-31', subvention_rate_lower_bound: 20, subvention_rate_upper_bound: 40, recurrence: 'Ponctuelle', categories: ['Éducation|Bâtiments scolaires'], eligibility: 'Écoles publiques.' }] };
    expect(await aids.importSchemes(db, ctx, new TextEncoder().encode(JSON.stringify(at)), TODAY)).toEqual({ created: 1, updated: 0, expired: 0 });
    const s = (await aids.listSchemes(db, ctx)).find((x) => x.importKey === 'aides-territoires:1234')!;
    expect([s.level, s.perimeter.code, s.rateMin, s.rateMax, s.stages.join(), s.projectTypes.includes('schools'), s.eligibility.condition]).toEqual(['departmental', '42', '20', '40', 'implementation', true, 'Écoles publiques.']);
    const exported = JSON.parse(new TextDecoder().decode(await aids.exportSchemes(db, ctx, 'json', '/t/x', TODAY))) as { results: Record<string, unknown>[] };
    const mine = exported.results.find((r) => r.id === '1234')!;
    expect(mine.targeted_audiences).toEqual(['Communes']);
    expect(await aids.importSchemes(db, ctx, new TextEncoder().encode(JSON.stringify([mine])), TODAY)).toEqual({ created: 0, updated: 1, expired: 0 });
    const unknown = await aids.importSchemes(db, ctx, new TextEncoder().encode(JSON.stringify([{ ...at.results[0], id: 9, perimeter: 'Atlantide', aid_types: ['Baguette magique'] }])), TODAY).catch((e: unknown) => e);
    expect((unknown as ImportError).problems.map((p) => `${p.line}:${p.column}`)).toEqual(['1:perimeter', '1:aid_types']);
  });

  it('commune facts import: density and potentiel financier per year, bad lines named, nothing written', async () => {
    const before = await count('fiscal_potentials');
    const bad = 'code_insee;annee;niveau_densite;potentiel_financier\n99999;2026;3;900\n42218;26;8;abc\n';
    await expect(aids.importCommuneFacts(db, ctx, new TextEncoder().encode(bad), TODAY)).rejects.toMatchObject({ problems: [{ line: 2, column: 'code_insee' }, { line: 3, column: 'annee' }, { line: 3, column: 'niveau_densite' }, { line: 3, column: 'potentiel_financier' }] });
    expect(await count('fiscal_potentials')).toBe(before);
    await aids.importCommuneFacts(db, ctx, new TextEncoder().encode('code_insee;annee;potentiel_financier\n42266;2026;1 500,00\n'), TODAY);
    const facts = await aids.territoryFacts(db, ctx, TODAY);
    const commune = await id('42266');
    const b = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => aids.beneficiaryOf(tx, ctx, facts, commune));
    expect([b.fiscalPotentialCents, b.fiscalPotentialYear]).toEqual([150_000, 2026]);
  });

  it('alerts: a saved search is told of a new matching aid and of a change, not of one that does not match', async () => {
    const owner = await db.transaction({ territoryId: null, personId: null }, async (tx) => (await rows<{ id: string }>(tx, sql`select id from people where email = 'saint-chamond@demo.mutualis.fr'`))[0]!.id);
    const mine = { territoryId: ctx.territoryId, actor: { personId: owner, label: 'Sophie Faure' } };
    const saved = await aids.saveSearch(db, mine, 'Écoles', { beneficiaryId: await id('42207'), projectType: 'schools', text: 'école' }, TODAY);
    await expect(aids.saveSearch(db, mine, 'écoles', { beneficiaryId: await id('42207') }, TODAY)).rejects.toBeInstanceOf(UserError);
    const matching = await aids.createScheme(db, ctx, aScheme({ name: 'Cours d’école végétalisées', projectTypes: ['schools'], funders: ['Financeur C'] }), TODAY);
    await aids.createScheme(db, ctx, aScheme({ name: 'Stades et gymnases', projectTypes: ['sport'], funders: ['Financeur D'] }), TODAY);
    await aids.createScheme(db, ctx, aScheme({ name: 'École des petites communes', projectTypes: ['schools'], criteria: 'population < 2 000', funders: ['Financeur E'] }), TODAY);
    let notes = await aids.myNotifications(db, mine);
    expect(notes.map((n) => [n.schemeName, n.reason, n.savedSearchName])).toEqual([['Cours d’école végétalisées', 'new', 'Écoles']]);
    await aids.markAllRead(db, mine);
    expect(await aids.unreadCount(db, mine)).toBe(0);
    await aids.updateScheme(db, ctx, matching.id, aScheme({ name: 'Cours d’école végétalisées', projectTypes: ['schools'], funders: ['Financeur C'], rateMax: '60' }), TODAY);
    notes = await aids.myNotifications(db, mine);
    expect(notes.filter((n) => !n.readAt).map((n) => n.reason)).toEqual(['changed']);
    // Another person does not see them, and cannot delete the search.
    const other = { territoryId: ctx.territoryId, actor: { personId: (await db.transaction({ territoryId: null, personId: null }, async (tx) => (await rows<{ id: string }>(tx, sql`select id from people where email = 'firminy@demo.mutualis.fr'`))[0]!.id)), label: 'Marc Durand' } };
    expect(await aids.myNotifications(db, other)).toEqual([]);
    await expect(aids.deleteSearch(db, other, saved.id)).rejects.toMatchObject({ status: 404 });
  });

  it('fonds de concours: granted on both deliberations, within the share borne by the commune; obtained aids per year', async () => {
    const commune = await id('42302');
    const schemes = await aids.listSchemes(db, ctx);
    const fdc = schemes.find((s) => s.name === 'Fonds de concours de Saint-Étienne Métropole — investissement')!;
    const dsil = schemes.find((s) => s.name.startsWith('DSIL'))!;
    const p = await aids.createProject(db, ctx, commune, { title: 'Gymnase', projectType: 'sport', stage: 'implementation', spendingKind: 'investment', estimatedCost: '100 000' });
    const f1 = await aids.targetScheme(db, ctx, commune, p.id, dsil.id);
    await aids.updateFunding(db, ctx, commune, p.id, f1.id, { status: 'obtained', obtained: '30 000', decidedOn: '2026-03-02' }, false);
    const f2 = await aids.targetScheme(db, ctx, commune, p.id, fdc.id);
    const deliberations = { epciBody: 'Bureau métropolitain', epciDate: '2026-05-10', epciReference: 'B-2026-1', communeBody: 'Conseil municipal', communeDate: '2026-06-01', communeReference: 'D-2026-9' };
    await expect(aids.updateFunding(db, ctx, commune, p.id, f2.id, { status: 'obtained', obtained: '35 000', ...deliberations }, false)).rejects.toMatchObject({ status: 403 });
    await expect(aids.updateFunding(db, ctx, commune, p.id, f2.id, { status: 'obtained', obtained: '35 000', epciBody: 'Bureau', epciDate: '2026-05-10', epciReference: 'B-1' }, true)).rejects.toMatchObject({ field: 'communeDate' });
    await expect(aids.updateFunding(db, ctx, commune, p.id, f2.id, { status: 'obtained', obtained: '35 000,01', ...deliberations }, true)).rejects.toMatchObject({ field: 'obtainedCents' });
    const granted = await aids.updateFunding(db, ctx, commune, p.id, f2.id, { status: 'obtained', obtained: '35 000', ...deliberations }, true);
    expect([granted.decidedOn, granted.epciDeliberation?.reference, granted.communeDeliberation?.reference]).toEqual([{ value: '2026-06-01', precision: 'day' }, 'B-2026-1', 'D-2026-9']);
    // Another commune's project is not found under this one.
    await expect(aids.projectDetail(db, ctx, await id('42218'), p.id)).rejects.toMatchObject({ status: 404 });
    const wifi = await aids.obtainedAids(db, ctx, 2019);
    expect(wifi.filter((r) => r.schemeName.startsWith('WiFi4EU')).map((r) => r.collectivityName).sort()).toEqual(['Châteauneuf', 'La Talaudière', 'Roche-la-Molière', 'Saint-Jean-Bonnefonds']);
    expect((await aids.obtainedAids(db, ctx, 2018)).map((r) => [r.collectivityName, r.amountCents, r.decidedOn])).toEqual([
      ['La Fouillouse', 1_500_000, { value: '2018', precision: 'year' }],
      ['La Grand-Croix', 1_500_000, { value: '2018', precision: 'year' }],
      ['Le Chambon-Feugerolles', 1_500_000, { value: '2018', precision: 'year' }],
    ]);
    const perYear = aids.obtainedPerYear(await aids.obtainedAids(db, ctx));
    expect(perYear.find((y) => y.year === 2026)).toEqual({ year: 2026, totalCents: 6_500_000, count: 2 });
  });

  it('every change is in the audit log', async () => {
    const entities = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ entity: string }>(tx, sql`select distinct entity from audit_log where territory_id = ${ctx.territoryId}::uuid`));
    expect(entities.map((e) => e.entity)).toEqual(expect.arrayContaining(['funding_schemes', 'density_levels', 'fiscal_potentials', 'projects', 'project_fundings', 'saved_searches', 'aid_notifications']));
  });
});

