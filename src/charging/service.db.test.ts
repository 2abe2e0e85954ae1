import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { ImportError } from '../platform/imports.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as agreements from '../agreements/service.ts';
import { compensationRegister, EVERYONE as ALL_AGREEMENTS } from '../agreements/view-service.ts';
import * as charging from './service.ts';
import { accountingCsv, notificationLetters, statementPdf, summaryXlsx } from './documents.ts';
import { pdfText, xlsxText } from '../platform/documents/testing.ts';

describe(`charging services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let byInsee: (insee: string) => Collectivity;
  let epci: Collectivity;

  const count = async (table: string) => (await db.transaction(scopeOf(ctx), (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof ImportError) return { status: error.status, problems: error.problems };
      if (error instanceof UserError) return { status: error.status, field: error.field, message: error.message };
      throw error;
    }
    throw new Error('accepté');
  };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const all = await territory.listCollectivities(db, ctx);
    byInsee = (insee) => all.find((c) => c.inseeCode === insee)!;
    epci = all.find((c) => c.kind === 'epci')!;
  });
  afterAll(() => db.close());

  it('the demo has its 2019 provisional and final runs, validated, every cost line split to the cent', async () => {
    const runs = await charging.listRuns(db, ctx, 2019);
    expect(runs.map((r) => [r.phase, r.version, r.status, r.supportMethod])).toEqual([
      ['final', 1, 'validated', 'reciprocal'],
      ['provisional', 1, 'validated', 'reciprocal'],
    ]);
    const final = runs[0]!;
    const costs = await charging.listCostLines(db, ctx, 2019, 'actual');
    const own = costs.reduce((a, l) => a + l.amountCents, 0);
    const summaries = final.services;
    const overhead = summaries.reduce((a, s) => a + s.overheadRateCents, 0);
    const gap = summaries.flatMap((s) => s.units).reduce((a, u) => a + u.providerGapCents, 0);
    // every euro of cost (services and support centres), plus the overhead rate, is charged, but the SIG's gap borne by its provider
    expect(final.totalCents).toBe(own + overhead - gap);
    const sig = summaries.flatMap((s) => s.units)[0]!;
    expect(sig).toMatchObject({ unit: 'heure', notifiedUnitCents: 4850, totalUnits: '1820' });
    expect(sig.billedCents).toBe(1820 * 4850);
  });

  it('a commune sees its statement: charge, installments paid and settlement adding up', async () => {
    const [final] = await charging.listRuns(db, ctx, 2019);
    const sc = byInsee('42207');
    const statement = await charging.participantStatement(db, ctx, final!.id, sc.id, { communeIds: [sc.id] });
    const gti = statement.statement.filter((l) => l.label.startsWith('Direction Grands Travaux'));
    const [charge, paid, settlement] = ['charge', 'paid', 'settlement'].map((k) => gti.find((l) => l.kind === k)!.amountCents);
    expect(paid! + settlement!).toBe(charge);
    expect(statement.lines.some((l) => l.explanation.rule === 'direct')).toBe(true);
    expect(statement.workUnits.map((u) => u.units)).toEqual(['97.5', '61']);
    await expect(charging.participantStatement(db, ctx, final!.id, byInsee('42095').id, { communeIds: [sc.id] })).rejects.toMatchObject({ status: 404 });
  });

  it('Saint-Étienne pays by AC deduction: validating the final run wrote its deductions in the AC register', async () => {
    const register = await compensationRegister(db, ctx, ALL_AGREEMENTS, { year: 2019, communeId: byInsee('42218').id });
    expect(register[0]!.deductions.some((d) => d.source === 'charging:2019')).toBe(true);
  });

  it('a validated run is immutable: the database refuses to change it or its lines', async () => {
    const [final] = await charging.listRuns(db, ctx, 2019);
    await expect(db.transaction(scopeOf(ctx), (tx) => tx.execute(sql`update charging_runs set total_cents = 0 where id = ${final!.id}`))).rejects.toThrow();
    await expect(db.transaction(scopeOf(ctx), (tx) => tx.execute(sql`delete from charging_run_lines where run_id = ${final!.id}`))).rejects.toThrow();
    await expect(db.transaction(scopeOf(ctx), (tx) => tx.execute(sql`update statement_lines set amount_cents = 0 where run_id = ${final!.id}`))).rejects.toThrow();
    expect(await refusal(charging.validateRun(db, ctx, final!.id, '2020-06-01T00:00:00Z'))).toMatchObject({ status: 409 });
  });

  it('re-running makes version 2 with a diff against version 1', async () => {
    const sc = byInsee('42207');
    await charging.addCostLine(db, ctx, 2019, 'actual', { service: 'GTI', categorie: 'fonctionnement', libelle: 'Correction : facture de décembre', montant: '1 000,00', attribue_a: '42207' });
    const v2 = await charging.runCharging(db, ctx, 2019, 'final');
    expect(v2.version).toBe(2);
    const diff = await charging.compareRuns(db, ctx, v2.id, charging.EVERYONE);
    const scLine = diff.lines.find((l) => l.collectivityId === sc.id)!;
    // 1 000 € attributed to Saint-Chamond, plus its share of the 6 % overhead spread like its base
    expect(scLine.deltaCents).toBeGreaterThanOrEqual(100_000);
    expect(diff.lines.reduce((a, l) => a + l.deltaCents, 0)).toBe(100_000 + 6_000);
  });

  it('a bad import is refused cell by cell and writes nothing', async () => {
    const before = await count('cost_lines');
    const csv = ['service;categorie;libelle;montant;attribue_a', 'GTI;personnel;Salaires;douze euros;', 'XYZ;fonctionnement;Fournitures;12,00;', 'DGC;loyers;Loyer;100;', 'DGC;personnel;Primes;100;99999'].join('\n');
    const refused = await refusal(charging.importCostLines(db, ctx, 2019, 'actual', new TextEncoder().encode(csv)));
    expect(refused).toMatchObject({ status: 422 });
    expect((refused.problems ?? []).map((p) => [p.line, p.column])).toEqual([
      [2, 'montant'],
      [3, 'service'],
      [4, 'categorie'],
      [5, 'attribue_a'],
    ]);
    expect(await count('cost_lines')).toBe(before);
  });

  it('support shares summing to 99,99 % are refused, naming the field', async () => {
    const centres = await charging.listCentres(db, ctx, 2019);
    const gti = (await agreements.servicesOfTerritory(db, ctx)).find((s) => s.reference === 'GTI')!;
    expect(await refusal(charging.setSupportShares(db, ctx, centres[0]!.id, 2019, [{ serviceId: gti.id, percent: '99,99' }]))).toEqual({ status: 400, field: 'shares', message: 'Les parts totalisent 99,99 % au lieu de 100 %.' });
  });

  it('the accounting CSV of the demo final run is deterministic (one line per receivable, payable or AC deduction)', async () => {
    const final = (await charging.listRuns(db, ctx, 2019)).find((r) => r.phase === 'final' && r.version === 1)!;
    const csv = await accountingCsv(db, ctx, final.id);
    expect(await accountingCsv(db, ctx, final.id)).toBe(csv);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('collectivite;code;service;nature;compte;echeance;montant;libelle');
    expect(lines.some((l) => l.includes(';retenue AC;739211;'))).toBe(true);
    expect(lines.some((l) => l.includes(';titre de recettes;70845;'))).toBe(true);
    // The provider bills nobody for its own share: no line of the EPCI for the services it manages.
    expect(lines.some((l) => l.includes(`;${epci.siren};DGC;`))).toBe(false);
    // Byte-identical on PGlite and PostgreSQL (the db suite runs on both): the same digest on each database.
    // When the demo's data change on purpose, print the new digest and update it here, with the reason in the commit.
    expect(createHash('sha256').update(csv).digest('hex')).toBe('472c7f4107a482fc54b9f85975389b4fc5bb3681f8c9e2cdafec105ed18c59a4');
  });

  it('prints the statement, the unit-cost notification letter (D5211-16) and the summary', async () => {
    const final = (await charging.listRuns(db, ctx, 2019)).find((r) => r.phase === 'final' && r.version === 1)!;
    const sc = byInsee('42207');
    const statement = pdfText((await statementPdf(db, ctx, 'Saint-Étienne Métropole', final.id, sc.id, charging.EVERYONE)).bytes);
    expect(statement).toContain('État de refacturation 2019 — Saint-Chamond');
    expect(statement).toContain('attribution directe');
    const letter = pdfText((await notificationLetters(db, ctx, 'Saint-Étienne Métropole', 2019, sc.id)).bytes);
    expect(letter).toContain('D5211-16');
    expect(letter).toContain('48,50');
    expect(await xlsxText((await summaryXlsx(db, ctx, final.id)).bytes)).toContain('Saint-Chamond');
  });
});
