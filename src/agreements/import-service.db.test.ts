import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { ImportError } from '../platform/imports.ts';
import { makeTable, tableToXlsx } from '../platform/documents/index.ts';
import { loadDemo } from '../demo/service.ts';
import { importAgreementsFile } from './import-service.ts';
import { agreementDetail, EVERYONE, register } from './view-service.ts';

describe(`agreements import on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  const count = async (table: string) => (await db.transaction(scopeOf(ctx), (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  const problemsOf = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof ImportError) return error.problems;
      throw error;
    }
    throw new Error('accepté');
  };
  const xlsx = (headers: string[], lines: string[][]) =>
    tableToXlsx(
      makeTable(
        'Import',
        headers.map((header, i) => ({ header, kind: 'text' as const, value: (r: string[]) => r[i] ?? '' })),
        lines,
      ),
      { date: '2021-01-01' },
    );

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
  });
  afterAll(() => db.close());

  it('imports agreements from an XLSX workbook, then their approvals; the agreement comes into force', async () => {
    const file = await xlsx(['reference', 'objet', 'service', 'parties', 'prend_effet_le'], [['CONV-X-1', 'Avenant de périmètre', 'DCMT', '244200770, 42218', '2021-01-01']]);
    expect(await importAgreementsFile(db, ctx, file)).toEqual({ kind: 'agreements', agreements: 1, approvals: 0 });
    const approvals = await xlsx(['convention', 'avenant', 'partie', 'assemblee', 'approuvee_le', 'deliberation'], [
      ['CONV-X-1', '', '42218', 'Conseil municipal', '2020-12-14', '2020-301'],
      ['CONV-X-1', '', '244200770', 'Bureau métropolitain', '2020-12-17', 'B-2020-88'],
    ]);
    expect(await importAgreementsFile(db, ctx, approvals)).toEqual({ kind: 'approvals', agreements: 0, approvals: 2 });
    const id = (await register(db, ctx, EVERYONE, {}, '2021-02-01')).services.find((s) => s.reference === 'DCMT')!.agreements.find((a) => a.agreement.reference === 'CONV-X-1')!.agreement.id;
    const detail = await agreementDetail(db, ctx, EVERYONE, id, '2021-02-01');
    expect([detail.summary.status, detail.summary.inForceOn]).toEqual(['inForce', '2021-01-01']);
  });

  it('refuses a whole file for one bad line, naming line and column, and writes nothing', async () => {
    const before = [await count('agreements'), await count('approvals'), await count('audit_log')];
    const file = await xlsx(['reference', 'objet', 'parties'], [
      ['CONV-Y-1', 'Bonne ligne', '244200770,42095'],
      ['CONV-Y-1', 'Doublon', '244200770'],
    ]);
    expect(await problemsOf(importAgreementsFile(db, ctx, file))).toEqual([
      { line: 3, column: 'reference', message: 'La référence CONV-Y-1 figure déjà ligne 2.' },
      { line: 3, column: 'parties', message: 'Une convention lie au moins deux collectivités différentes.' },
    ]);
    const missing = await xlsx(['convention', 'assemblee'], [['CONV-X-1', 'Conseil']]);
    expect((await problemsOf(importAgreementsFile(db, ctx, missing))).map((p) => p.column)).toEqual(['partie', 'approuvee_le']);
    expect([await count('agreements'), await count('approvals'), await count('audit_log')]).toEqual(before);
  });
});
