import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Ajv } from 'ajv';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import type { Cents } from '../platform/money.ts';
import { UserError } from '../platform/http/errors.ts';
import { ImportError } from '../platform/imports.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as procurement from './service.ts';
import { EVERYONE, type Viewer } from './service.ts';
import * as contracts from './contract-service.ts';
import { contractDetail, groupDetail, listContracts } from './view-service.ts';
import { DecpImportError, exportDecp, importDecp } from './decp-service.ts';
import { DECP_SCHEMA_PATH } from './decp/schema.ts';
import { aContract } from './testing.ts';

const EXAMPLE = fs.readFileSync(path.join(path.dirname(DECP_SCHEMA_PATH), 'decp-example-marches.json'), 'utf8');

describe(`procurement services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let byName: (name: string) => Collectivity;
  let epci: Collectivity;

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
  const commune = (name: string): Viewer => ({ communeIds: [byName(name).id], memberData: (id) => id === byName(name).id });

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const register = await territory.listCollectivities(db, ctx);
    byName = (name) => register.find((c) => c.name === name)!;
    epci = register.find((c) => c.kind === 'epci')!;
  });
  afterAll(() => db.close());

  it('refuses a coordinator that is not a member, naming the field, and writes nothing', async () => {
    const before = await count('purchasing_groups');
    expect(await refusal(procurement.createGroup(db, ctx, { reference: 'GC-X', object: 'Essai', scopes: ['works'], coordinatorId: byName('Firminy').id, memberIds: [epci.id, byName('Sorbiers').id], coordinatorMission: 'award' }))).toEqual({
      status: 400,
      field: 'coordinatorId',
      message: 'Le coordonnateur doit être membre du groupement.',
    });
    expect(await count('purchasing_groups')).toBe(before);
  });

  it('collects needs until the launch, then refuses them; the coordinator sees totals and who is missing', async () => {
    const members = [epci, byName('Saint-Chamond'), byName('Firminy'), byName('Villars')];
    const group = await procurement.createGroup(db, ctx, { reference: 'GC-T-01', object: 'Vêtements de travail', scopes: ['supplies'], coordinatorId: epci.id, memberIds: members.map((m) => m.id), coordinatorMission: 'awardAndSignature' });
    const lot = await procurement.addLot(db, ctx, group.id, { title: 'Vêtements haute visibilité', unit: 'pièce' });
    await procurement.declareNeeds(db, ctx, group.id, byName('Saint-Chamond').id, [{ lotId: lot.id, quantity: '120', estimatedCents: 360_000 as Cents, comment: null }]);
    await procurement.declareNeeds(db, ctx, group.id, byName('Firminy').id, [{ lotId: lot.id, quantity: '80.5', estimatedCents: 241_500 as Cents, comment: 'tailles XL' }]);
    const detail = await groupDetail(db, ctx, group.id, EVERYONE);
    expect([detail.lots[0]!.totalQuantity, detail.lots[0]!.totalCents, detail.lots[0]!.declared]).toEqual(['200.5', 601_500, 2]);
    expect(detail.missing.map((m) => m.name)).toEqual(['Saint-Étienne Métropole', 'Villars']);
    // A commune sees its own line and the totals, not another member's figures.
    const seen = await groupDetail(db, ctx, group.id, commune('Saint-Chamond'));
    expect(seen.lots[0]!.lines.map((l) => [l.member.name, l.hidden, l.need?.quantity ?? null])).toEqual([
      ['Firminy', true, null],
      ['Saint-Chamond', false, '120'],
      ['Saint-Étienne Métropole', true, null],
      ['Villars', true, null],
    ]);
    expect(seen.lots[0]!.totalQuantity).toBe('200.5');
    // Launch needs every member's deliberation first (CCP L2113-6).
    await procurement.signAgreement(db, ctx, group.id, '2020-03-02');
    expect((await refusal(procurement.launchProcedure(db, ctx, group.id, '2020-04-01'))).message).toBe(
      'Approbation par délibération manquante avant le lancement : Firminy, Saint-Chamond, Saint-Étienne Métropole, Villars.',
    );
    for (const m of detail.members) await procurement.recordApproval(db, ctx, group.id, m.id, { approvalBody: 'Conseil', approvalDate: '2020-02-10', approvalReference: 'n° 12' });
    await procurement.launchProcedure(db, ctx, group.id, '2020-04-01');
    const before = await count('needs');
    expect(await refusal(procurement.declareNeeds(db, ctx, group.id, byName('Villars').id, [{ lotId: lot.id, quantity: '10', estimatedCents: null, comment: null }]))).toEqual({
      status: 409,
      field: 'besoins',
      message: 'La procédure a été lancée le 01/04/2020 : le recensement des besoins est clos.',
    });
    expect(await count('needs')).toBe(before);

    // A contract of the group, signed by the coordinator, then consumption past the ceiling is flagged.
    expect((await refusal(contracts.recordContract(db, ctx, aContract({ buyerId: byName('Firminy').id, groupId: group.id, reference: 'T-V-1', notifiedOn: '2020-06-01' })))).field).toBe('buyerId');
    const contract = await contracts.recordContract(db, ctx, aContract({ buyerId: epci.id, groupId: group.id, lotId: lot.id, reference: 'T-V-1', notifiedOn: '2020-06-01', amountCents: 600_000 as Cents }));
    await contracts.recordConsumption(db, ctx, contract.id, { collectivityId: byName('Saint-Chamond').id, period: '2020-09', kind: 'invoiced', amountCents: 400_000 as Cents });
    await contracts.recordConsumption(db, ctx, contract.id, { collectivityId: byName('Firminy').id, period: '2020', kind: 'ordered', amountCents: 250_000 as Cents });
    const view = await contractDetail(db, ctx, contract.id, EVERYONE);
    expect([view.consumption.totalCents, view.consumption.beyondCeiling, view.consumption.remainingCents]).toEqual([650_000, true, -50_000]);
    expect(view.memberLines.map((l) => [l.name, l.overNeed])).toEqual([
      ['Firminy', true],
      ['Saint-Chamond', true],
    ]);
    // A modification raising the ceiling clears the flag.
    await contracts.recordModification(db, ctx, contract.id, { notifiedOn: '2020-10-01', amountCents: 700_000 as Cents, durationMonths: null }, '2020-10-02');
    expect((await contractDetail(db, ctx, contract.id, EVERYONE)).consumption.beyondCeiling).toBe(false);
    // A non-member cannot consume the group's contract.
    expect((await refusal(contracts.recordConsumption(db, ctx, contract.id, { collectivityId: byName('Sorbiers').id, period: '2020', kind: 'ordered', amountCents: 100 as Cents }))).field).toBe('collectivityId');
  });

  it('imports consumption from CSV all or nothing, naming line and column', async () => {
    const contract = (await listContracts(db, ctx, EVERYONE)).find((c) => c.contract.reference === 'M19-03-1')!.contract;
    const before = await count('consumptions');
    const bad = 'membre;periode;nature;montant_ht;reference\n42095;2019-04;facturé;1 250,00;F-1\n42186;2019-13;commandé;10;\n99999;2019;facturé;-3;\n42095;2019-04;facturé;12;\n42207;2019;facturé;5;\n';
    try {
      await contracts.importConsumption(db, ctx, contract.id, new TextEncoder().encode(bad));
      throw new Error('accepté');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).problems).toEqual([
        { line: 3, column: 'periode', message: '« 2019-13 » : attendu une année (2019) ou un mois (2019-03).' },
        { line: 4, column: 'membre', message: "« 99999 » n'est ni le code INSEE, ni le SIREN, ni le SIRET d'une collectivité du territoire." },
        { line: 4, column: 'montant_ht', message: 'Montant négatif ou nul refusé : -3.' },
        { line: 5, column: 'membre', message: 'Doublon de la ligne 2 (même membre, période et nature).' },
        { line: 6, column: 'membre', message: "Saint-Chamond ne peut pas consommer ce marché : elle n'en est ni membre ni l'acheteur." },
      ]);
    }
    expect(await count('consumptions')).toBe(before);
    const result = await contracts.importConsumption(db, ctx, contract.id, new TextEncoder().encode('membre;periode;nature;montant_ht\n42095;2019-04;facturé;1 250,00\n214201865;2019;commandé;300\n'));
    expect(result).toEqual({ created: 2, updated: 0 });
  });

  it('a commune user sees only the groups and contracts of its commune', async () => {
    const all = await procurement.listGroups(db, ctx, EVERYONE);
    const chamond = await procurement.listGroups(db, ctx, commune('Saint-Chamond'));
    expect(chamond.length).toBeGreaterThan(0);
    expect(chamond.length).toBeLessThan(all.length);
    expect(chamond.every((s) => s.members.some((m) => m.name === 'Saint-Chamond'))).toBe(true);
    const other = all.find((s) => !s.members.some((m) => m.name === 'Saint-Chamond'))!;
    expect((await refusal(groupDetail(db, ctx, other.group.id, commune('Saint-Chamond')))).status).toBe(404);
    const visible = await listContracts(db, ctx, commune('Saint-Chamond'));
    const groupIds = new Set(chamond.map((s) => s.group.id));
    expect(visible.every((c) => c.contract.groupId !== null && groupIds.has(c.contract.groupId))).toBe(true);
  });

  it('exports 2019 as valid DECP v2: each buyer its own contracts, none under the threshold, none before October 2018', async () => {
    const result = await exportDecp(db, ctx, { year: 2019, today: '2020-01-27' });
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(DECP_SCHEMA_PATH, 'utf8')) as object);
    expect(validate(result.document), JSON.stringify(validate.errors)).toBe(true);
    expect(result.included.length).toBe(41);
    expect(result.excluded.map((e) => e.reason)).toEqual(Array(10).fill('sous le seuil de publication en vigueur à sa notification'));
    expect(new Set(result.document.marches.marche.map((m) => (m.acheteur as { id: string }).id))).toEqual(new Set([epci.siret]));
    expect((await exportDecp(db, ctx, { year: 2017, today: '2020-01-27' })).included).toEqual([]);
  });

  it('imports the official DECP example, then refuses it a second time and a bad file, writing nothing', async () => {
    const before = await count('contracts');
    const result = await importDecp(db, ctx, EXAMPLE, 'DECP exemple officiel');
    expect([result.created, result.linked, result.notices.length]).toEqual([2, 0, 5]);
    expect(await count('contracts')).toBe(before + 2);
    expect(await count('subcontracting_acts')).toBe(2);
    let problems: string[] = [];
    try {
      await importDecp(db, ctx, EXAMPLE, 'encore');
    } catch (error) {
      problems = (error as DecpImportError).problems.map((p) => `${p.line} ${p.record} ${p.field} ${p.message}`);
    }
    expect(problems).toEqual(['4 1 id ce marché de cet acheteur est déjà enregistré dans le territoire.', '114 2 id ce marché de cet acheteur est déjà enregistré dans le territoire.']);
    const bad = EXAMPLE.replace('"TEST2022Bis"', '"AUTRE"').replace('"TEST2022"', '"AUTRE2"').replace('"55204599900869"', '"55204599900860"');
    await expect(importDecp(db, ctx, bad, 'mauvais')).rejects.toBeInstanceOf(DecpImportError);
    expect(await count('contracts')).toBe(before + 2);
  });
});
