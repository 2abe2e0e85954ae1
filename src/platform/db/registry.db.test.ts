import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from './database.ts';
import { testDatabase, testDatabaseKind } from './testing.ts';
import { TERRITORY_TABLES_QUERY } from './tenancy-check.ts';
import { SPECIAL_TERRITORY_TABLES, TERRITORY_TABLES } from './registry.ts';

describe(`table registry on ${testDatabaseKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());

  it('lists every table that has a territory_id column, once', async () => {
    const inDatabase = (await db.transaction({ territoryId: null, personId: null }, (tx) => rows<{ table: string }>(tx, TERRITORY_TABLES_QUERY))).map((r) => r.table);
    const registered = [...TERRITORY_TABLES.map((t) => t.name), ...SPECIAL_TERRITORY_TABLES];
    expect(new Set(registered).size).toBe(registered.length);
    expect([...inDatabase].sort()).toEqual([...registered].sort());
  });
});
