import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { GLOBAL_SCOPE, rows, type Database } from './database.ts';
import { testDatabase, testDatabaseKind } from './testing.ts';
import { TERRITORY_TABLES_QUERY } from './tenancy-check.ts';
import { REFERENCED_GLOBAL_TABLES, SPECIAL_TERRITORY_TABLES, TERRITORY_TABLES } from './registry.ts';

interface ForeignKey {
  from: string;
  to: string;
  columns: string;
}

describe(`table registry on ${testDatabaseKind}`, () => {
  let db: Database;
  let inDatabase: string[];
  let foreignKeys: ForeignKey[];
  beforeAll(async () => {
    db = await testDatabase();
    inDatabase = (await db.transaction(GLOBAL_SCOPE, (tx) => rows<{ table: string }>(tx, TERRITORY_TABLES_QUERY))).map((r) => r.table);
    foreignKeys = await db.transaction(GLOBAL_SCOPE, (tx) =>
      rows<ForeignKey>(
        tx,
        sql`select src.relname as "from", dst.relname as "to",
                   (select string_agg(a.attname, ',' order by k.ord)
                      from unnest(c.conkey) with ordinality k(attnum, ord)
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns
              from pg_constraint c
              join pg_class src on src.oid = c.conrelid
              join pg_class dst on dst.oid = c.confrelid
              join pg_namespace n on n.oid = src.relnamespace and n.nspname = 'public'
             where c.contype = 'f'
             order by 1, 2, 3`,
      ),
    );
  });
  afterAll(() => db.close());

  it('lists every table that has a territory_id column, once (add new tables to TERRITORY_TABLES)', () => {
    const registered = [...TERRITORY_TABLES.map((t) => t.name), ...SPECIAL_TERRITORY_TABLES];
    expect(new Set(registered).size).toBe(registered.length);
    expect([...inDatabase].sort()).toEqual([...registered].sort());
  });

  it('is in foreign-key order, and territory tables reference no global table that a backup would miss', () => {
    const seen = new Set<string>(REFERENCED_GLOBAL_TABLES);
    const problems: string[] = [];
    for (const table of TERRITORY_TABLES) {
      // A self-reference is allowed: rows are restored in id order (UUIDv7, creation order), so older rows come first.
      for (const fk of foreignKeys.filter((f) => f.from === table.name && f.to !== table.name)) {
        if (seen.has(fk.to)) continue;
        const registered = TERRITORY_TABLES.some((t) => t.name === fk.to);
        problems.push(
          registered
            ? `${table.name}(${fk.columns}) → ${fk.to}: list ${fk.to} before ${table.name}`
            : `${table.name}(${fk.columns}) → ${fk.to}: a global table that backups do not carry (see REFERENCED_GLOBAL_TABLES and backup.ts)`,
        );
      }
      seen.add(table.name);
    }
    expect(problems).toEqual([]);
  });

  it('knows every column that points at a person (remapped when a restore reuses an existing person)', () => {
    const fromSchema = TERRITORY_TABLES.flatMap((t) => t.personColumns.map((c) => `${t.name}.${c}`)).sort();
    const fromDatabase = foreignKeys.filter((f) => f.to === 'people' && inDatabase.includes(f.from)).map((f) => `${f.from}.${f.columns}`).sort();
    expect(fromSchema).toEqual(fromDatabase);
  });
});
