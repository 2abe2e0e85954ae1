import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { loadDemo } from '../demo/service.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as activity from '../catalogue/activity-service.ts';
import { hasData, type Dashboard } from './model.ts';
import { communeDashboard, territoryDashboard } from './service.ts';

const TODAY = '2026-12-01';

/** "2019=24/51/51/…" : the series' rows as a reader of its table would list them. */
const rowsOf = (d: Dashboard, key: string) => d.series.find((s) => s.key === key)!.rows.map((r) => `${r.category}=${r.values.join('/')}`);
const value = (d: Dashboard, key: string, category: string, column = 0) => d.series.find((s) => s.key === key)!.rows.find((r) => r.category === category)?.values[column];

describe(`dashboards on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let saintEtienne: string;
  let saintChamond: string;

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    saintEtienne = (await territory.collectivityByInsee(db, ctx, '42218'))!.id;
    saintChamond = (await territory.collectivityByInsee(db, ctx, '42207'))!.id;
  }, 240_000);
  afterAll(async () => db?.close());

  it('the territory dashboard states the demo figures of every module', async () => {
    const t = await territoryDashboard(db, ctx, null);
    expect(t.years).toEqual([2016, 2017, 2018, 2019, 2020, 2025]);
    // Purchasing (reference V.1): 24 groups concluded in 2019, 51 contracts from them.
    expect(rowsOf(t, 'achats')).toContain('2019=24/51/51/216450000');
    expect(value(t, 'achats', '2017', 0)).toBe(20);
    // Catalogue (reference V.2): 52 communes subscribed to the GIS with 148 accounts, 39 at the AFCDP.
    expect(rowsOf(t, 'adhesions')).toEqual(['Adhésion à l’AFCDP=39/0', 'SIG métropolitain (système d’information géographique)=52/148']);
    expect(t.series.find((s) => s.key === 'adhesions')!.title).toBe('Adhésions aux offres de services (2019)');
    // Charging 2019: the shares of the collectivities add up to the amount charged.
    const charged = value(t, 'couts-annees', '2019', 1)!;
    const shares = t.series.find((s) => s.key === 'parts-communes')!.rows;
    expect(shares.reduce((a, r) => a + r.values[0]!, 0)).toBe(charged);
    expect(shares[0]!.category).toBe('Saint-Étienne Métropole');
    expect(t.series.find((s) => s.key === 'couts-services')!.rows.map((r) => r.category.split(' — ')[0])).toEqual(['DCMT', 'DGC', 'DPCFE', 'DSIN', 'FONCIER', 'GTI', 'MAH', 'SIG']);
    expect(rowsOf(t, 'aides')).toEqual(['2018=4500000/3', '2019=6000000/4', '2025=20600000/2']);
    expect(rowsOf(t, 'deliberations')).toEqual(['2020=1/1']);
    expect(t.series.every(hasData)).toBe(true);
  });

  it('the year filter keeps that year only, and a breakdown of a year without data has none', async () => {
    const t = await territoryDashboard(db, ctx, 2018);
    expect(t.year).toBe(2018);
    expect(rowsOf(t, 'achats')).toEqual(['2018=9/0/22/163020000']);
    expect(rowsOf(t, 'aides')).toEqual(['2018=4500000/3']);
    expect(t.series.find((s) => s.key === 'couts-services')!.title).toBe('Coûts par service commun (2018)');
    expect(hasData(t.series.find((s) => s.key === 'couts-services')!)).toBe(false);
    expect(hasData(t.series.find((s) => s.key === 'deliberations')!)).toBe(false);
  });

  it('a commune dashboard shows what concerns that commune only', async () => {
    const t = await territoryDashboard(db, ctx, 2019);
    const se = await communeDashboard(db, ctx, saintEtienne, null, TODAY);
    expect(se.communeName).toBe('Saint-Étienne');
    const seShare = t.series.find((s) => s.key === 'parts-communes')!.rows.find((r) => r.category === 'Saint-Étienne')!.values[0];
    expect(value(se, 'charges-annees', '2019')).toBe(seShare);
    const byService = se.series.find((s) => s.key === 'charges-services')!.rows;
    expect(byService.reduce((a, r) => a + r.values[0]!, 0)).toBe(seShare);
    expect(rowsOf(se, 'achats')).toEqual(['2016=3', '2017=2', '2018=2', '2019=5']);
    expect(value(se, 'formations', '2019')).toBe(4);
    const sc = await communeDashboard(db, ctx, saintChamond, 2019, TODAY);
    const scShare = t.series.find((s) => s.key === 'parts-communes')!.rows.find((r) => r.category === 'Saint-Chamond')!.values[0];
    expect(rowsOf(sc, 'charges-annees')).toEqual([`2019=${scShare}`]);
    // Neither commune's series names the other.
    expect(JSON.stringify(sc)).not.toContain('Saint-Étienne"');
    // Saint-Étienne's council is not kept in the demo: its deliberations say there is no data.
    expect(hasData(se.series.find((s) => s.key === 'deliberations')!)).toBe(false);
  });

  it('mutation: one more trainee of Saint-Étienne in 2019 moves both dashboards by one', async () => {
    const before = await territoryDashboard(db, ctx, 2019);
    const seBefore = await communeDashboard(db, ctx, saintEtienne, 2019, TODAY);
    const { sessions } = await activity.listTrainings(db, ctx);
    const session = sessions.find((s) => s.session.reference === 'SIG-2019-06')!;
    await activity.addTrainees(db, ctx, session.session.id, [{ name: 'Odile Nouvelle', role: 'Agente', collectivityId: saintEtienne }]);
    const after = await territoryDashboard(db, ctx, 2019);
    const seAfter = await communeDashboard(db, ctx, saintEtienne, 2019, TODAY);
    expect(value(after, 'formations', '2019')).toBe(value(before, 'formations', '2019')! + 1);
    expect(value(seAfter, 'formations', '2019')).toBe(value(seBefore, 'formations', '2019')! + 1);
    expect(value(after, 'achats', '2019')).toBe(value(before, 'achats', '2019'));
  });

  it('a fresh territory says there is no data everywhere', async () => {
    const found = findOfficialEpci('200067106');
    if (!('found' in found)) throw new Error('official data');
    const fresh = { territoryId: (await territory.createTerritoryFromOfficialData(db, SYSTEM_ACTOR, found.found)).id, actor: SYSTEM_ACTOR };
    const t = await territoryDashboard(db, fresh, null);
    expect(t.years).toEqual([]);
    expect(t.series.some(hasData)).toBe(false);
    const [commune] = await territory.listCommunes(db, fresh, { on: TODAY });
    const c = await communeDashboard(db, fresh, commune!.id, null, TODAY);
    expect(c.series.some(hasData)).toBe(false);
  });
});
