import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { findOfficialEpci } from './official-data.ts';
import * as territory from './service.ts';

describe(`territory register on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  const auditCount = async () =>
    (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log`)))[0]!.n;

  beforeAll(async () => {
    db = await testDatabase();
    const found = findOfficialEpci('Saint-Étienne Métropole');
    if (!('found' in found)) throw new Error('official data');
    const created = await territory.createTerritoryFromOfficialData(db, SYSTEM_ACTOR, found.found);
    ctx = { territoryId: created.id, actor: { personId: null, label: 'test' } };
  });
  afterAll(() => db.close());

  // SIRENs here are made-up numbers with a valid check digit.
  it('registers the central city CCAS and an outside EPCI with a checked SIRET', async () => {
    const ccas = await territory.addCollectivity(db, ctx, { kind: 'ccas', name: 'CCAS de Saint-Étienne', siren: '264200544' });
    expect(ccas.kind).toBe('ccas');
    await expect(territory.addCollectivity(db, ctx, { kind: 'otherEpci', name: 'Loire Forez agglomération', siren: '200065779' })).rejects.toMatchObject({
      status: 400,
      field: 'siret',
    });
    await expect(territory.addCollectivity(db, ctx, { kind: 'syndicate', name: 'SIEL', siren: '123456789' })).rejects.toMatchObject({ field: 'siren' });
    await expect(territory.addCollectivity(db, ctx, { kind: 'commune', name: 'Intruse' })).rejects.toMatchObject({ field: 'kind' });
  });

  it('records a SIRET for a commune, refusing one of another SIREN', async () => {
    const commune = await territory.collectivityByInsee(db, ctx, '42218');
    const updated = await territory.setSiret(db, ctx, commune!.id, '21420218600018');
    expect(updated.siret).toBe('21420218600018');
    await expect(territory.setSiret(db, ctx, commune!.id, '24420077000018')).rejects.toMatchObject({ field: 'siret' });
  });

  it('changes the legal nature from a date, keeping the history', async () => {
    const periods = await territory.changeEpciNature(db, ctx, { nature: 'METRO', fundingMode: 'FPU', validFrom: '2027-01-01' });
    expect(periods.map((p) => [p.nature, p.validFrom, p.validTo])).toEqual([
      ['METRO', '2026-01-01', '2026-12-31'],
      ['METRO', '2027-01-01', null],
    ]);
    await expect(territory.changeEpciNature(db, ctx, { nature: 'CU', fundingMode: 'FPU', validFrom: '2026-06-01' })).rejects.toMatchObject({ status: 400 });
    await expect(territory.changeEpciNature(db, ctx, { nature: 'CU', fundingMode: 'FPU', validFrom: '2026-02-30' })).rejects.toMatchObject({ field: 'validFrom' });
  });

  it('imports populations all or nothing', async () => {
    const before = await auditCount();
    const bad = 'code_insee;annee;type;population\n42218;2024;municipale;173000\n42207;2024;municipale;abc\n';
    await expect(territory.importPopulations(db, ctx, bad, 'test')).rejects.toMatchObject({ status: 422, problems: [{ line: 3, column: 'population' }] });
    expect(await auditCount()).toBe(before);
    const detail = await territory.communeDetail(db, ctx, '42218');
    expect(detail.populations.some((p) => p.year === 2024)).toBe(false);

    const good = '\uFEFFCode INSEE;Année;Type;Population\n42218;2024;municipale;173 000\n42207;2024;DGF;36500\n42218;2023;municipale;172569\n';
    expect(await territory.importPopulations(db, ctx, good, 'INSEE 2024')).toEqual({ created: 2, updated: 0, unchanged: 1 });
    expect(await auditCount()).toBe(before + 2);
    const overview = await territory.territoryOverview(db, ctx, '2026-11-28');
    expect(overview.population).toBe(407700 - 172569 + 173000);
  });
});
