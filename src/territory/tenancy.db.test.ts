import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgError, rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { findOfficialEpci, type OfficialEpci } from './official-data.ts';
import { createTerritoryFromOfficialData, listCommunes, territoryOverview } from './service.ts';
import { collectivities } from './tables.ts';

function epci(siren: string): OfficialEpci {
  const found = findOfficialEpci(siren);
  if (!('found' in found)) throw new Error(siren);
  return found.found;
}

describe(`tenancy on ${testDatabaseKind}`, () => {
  let db: Database;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = await testDatabase();
    a = (await createTerritoryFromOfficialData(db, SYSTEM_ACTOR, epci('244200770'))).id;
    b = (await createTerritoryFromOfficialData(db, SYSTEM_ACTOR, epci('200040715'))).id;
  });
  afterAll(() => db.close());

  it('creates Saint-Étienne Métropole with 53 communes and 407 700 inhabitants', async () => {
    const overview = await territoryOverview(db, { territoryId: a, actor: SYSTEM_ACTOR }, '2026-11-28');
    expect(overview).toMatchObject({ communeCount: 53, population: 407700, nature: 'METRO', fundingMode: 'FPU' });
  });

  it('row-level security: scoped to territory A, zero rows of B, even without a WHERE clause', async () => {
    const seen = await db.transaction({ territoryId: a, personId: null }, (tx) =>
      rows<{ territory_id: string; n: number }>(tx, sql`select territory_id, count(*)::int as n from collectivities group by territory_id`),
    );
    expect(seen).toEqual([{ territory_id: a, n: 54 }]);
    const communesB = await listCommunes(db, { territoryId: b, actor: SYSTEM_ACTOR }, { on: '2026-11-28' });
    expect(communesB).toHaveLength(49);
    expect(communesB.some((c) => c.inseeCode === '42218')).toBe(false);
  });

  it('row-level security refuses to write a row into another territory', async () => {
    const error = await db
      .transaction({ territoryId: a, personId: null }, (tx) =>
        tx.insert(collectivities).values({ territoryId: b, id: '01900000-0000-7000-8000-000000000001', kind: 'commune', name: 'Intruse' }),
      )
      .catch((e: unknown) => e);
    expect(pgError(error)?.message).toMatch(/row-level security/);
  });

  it('without a territory, no territory row is visible', async () => {
    const seen = await db.transaction({ territoryId: null, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from collectivities`));
    expect(seen[0]!.n).toBe(0);
  });

  it('the application role can neither update nor delete the audit log', async () => {
    for (const statement of [sql`update audit_log set action = 'x'`, sql`delete from audit_log`]) {
      const error = await db.transaction({ territoryId: a, personId: null }, (tx) => tx.execute(statement)).catch((e: unknown) => e);
      expect(pgError(error)?.code).toBe('42501'); // insufficient_privilege
    }
  });
});
