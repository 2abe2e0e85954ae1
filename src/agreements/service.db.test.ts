import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as agreements from './service.ts';
import { agreementDetail, compensationRegister, EVERYONE, register } from './view-service.ts';

describe(`agreements services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let byName: (name: string) => Collectivity;
  let epci: Collectivity;
  let services: Awaited<ReturnType<typeof agreements.servicesOfTerritory>>;
  const service = (reference: string) => services.find((s) => s.reference === reference)!;

  const count = async (table: string) => (await db.transaction(scopeOf(ctx), (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
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
    const all = await territory.listCollectivities(db, ctx);
    byName = (name) => all.find((c) => c.name === name)!;
    epci = all.find((c) => c.kind === 'epci')!;
    services = await agreements.servicesOfTerritory(db, ctx);
  });
  afterAll(() => db.close());

  it('the demo holds every service of the report, with its date precision and manager', () => {
    expect(services.map((s) => [s.reference, s.createdOn, s.createdOnPrecision])).toEqual([
      ['DGC', '2015-01-01', 'year'],
      ['GTI', '2016-01-01', 'year'],
      ['DPCFE', '2017-02-01', 'month'],
      ['DSIN', '2017-02-01', 'month'],
      ['DCMT', '2017-07-01', 'month'],
      ['FONCIER', '2018-09-01', 'month'],
      ['SIG', '2019-01-01', 'month'],
      ['MAH', null, null],
    ]);
    expect(service('SIG').managingName).toBe('Saint-Étienne');
    expect(service('GTI').participants.map((p) => [p.name, p.validFrom])).toContainEqual(['Saint-Chamond', '2018-07-01']);
  });

  it('the scheme in force for the Grands Travaux changes on 1 July 2018 (three-way agreement)', async () => {
    const before = await agreements.schemeInForce(db, ctx, service('GTI').id, '2018-06-30');
    expect(before?.agreement.reference).toBe('CONV-GTI-2016');
    expect(before?.participants.map((p) => p.name).sort()).toEqual(['Saint-Étienne', 'Saint-Étienne Métropole'].sort());
    const after = await agreements.schemeInForce(db, ctx, service('GTI').id, '2018-07-01');
    expect(after?.agreement.reference).toBe('CONV-GTI-2018-SC');
    expect(after?.amendment.number).toBe(1);
    expect(after?.participants.map((p) => [p.name, p.paymentRoute])).toEqual([
      ['Saint-Étienne Métropole', 'invoice'],
      ['Saint-Étienne', 'compensationDeduction'],
      ['Saint-Chamond', 'invoice'],
    ]);
    // Amendment 2 (2020) still awaits Saint-Chamond's approval: amendment 1 keeps governing.
    expect((await agreements.schemeInForce(db, ctx, service('GTI').id, '2020-06-01'))?.amendment.number).toBe(1);
    const sig = await agreements.schemeInForce(db, ctx, service('SIG').id, '2020-01-01');
    expect(sig?.workUnit).toBe("heure d'intervention");
    expect(sig?.scheme.components[0]!.rule.kind).toBe('units');
    expect(await agreements.schemeInForce(db, ctx, service('MAH').id, '2018-01-01')).toBeNull();
  });

  it('the three-way agreement was approved in any order and is in force from 1 July 2018', async () => {
    const view = await register(db, ctx, EVERYONE, {}, '2020-01-01');
    const gti = view.services.find((s) => s.reference === 'GTI')!;
    const threeWay = gti.agreements.find((a) => a.agreement.reference === 'CONV-GTI-2018-SC')!;
    expect(threeWay.state.approved.map((a) => [a.approvedOn, a.body])).toEqual([
      ['2018-06-04', 'Conseil municipal'],
      ['2018-06-14', 'Bureau métropolitain'],
      ['2018-06-26', 'Conseil municipal'],
    ]);
    expect(threeWay.status).toBe('inForce');
    expect(threeWay.inForceOn).toBe('2018-07-01');
    expect(view.general.map((g) => [g.agreement.reference, g.inForceOn])).toEqual([['CONV-GENERALE-2017', '2017-11-27']]);
  });

  it('a commune sees only the agreements it is party to; staff lines only with staffDetail', async () => {
    const firminy = { communeIds: [byName('Firminy').id], staffDetail: false };
    const view = await register(db, ctx, firminy, {}, '2020-01-01');
    expect(view.services.map((s) => s.reference)).toEqual(['SIG']);
    expect(view.general).toEqual([]);
    const gtiAgreement = (await register(db, ctx, EVERYONE, {}, '2020-01-01')).services.find((s) => s.reference === 'GTI')!.agreements[1]!.agreement.id;
    expect((await refusal(agreementDetail(db, ctx, firminy, gtiAgreement, '2020-01-01'))).status).toBe(404);
    const chamond = await agreementDetail(db, ctx, { communeIds: [byName('Saint-Chamond').id], staffDetail: false }, gtiAgreement, '2020-01-01');
    expect(chamond.staff).toBeNull();
    expect(chamond.staffTotals.reduce((a, t) => a + t.headcount, 0)).toBe(5);
    expect((await agreementDetail(db, ctx, EVERYONE, gtiAgreement, '2020-01-01')).staff).toHaveLength(5);
  });

  it('filters the register by theme, participant and status', async () => {
    expect((await register(db, ctx, EVERYONE, { theme: 'Numérique' }, '2020-01-01')).services.map((s) => s.reference)).toEqual(['DSIN', 'SIG']);
    expect((await register(db, ctx, EVERYONE, { participantId: byName('Saint-Chamond').id }, '2020-01-01')).services.map((s) => s.reference)).toEqual(['GTI', 'SIG']);
    expect((await register(db, ctx, EVERYONE, { status: 'ended' }, '2020-01-01')).services).toEqual([]);
  });

  it('refuses an amendment taking effect before its agreement, naming the field, and writes nothing', async () => {
    const agreementId = (await register(db, ctx, EVERYONE, {}, '2020-01-01')).services.find((s) => s.reference === 'DCMT')!.agreements[0]!.agreement.id;
    const before = await count('amendments');
    const audit = await count('audit_log');
    const r = await refusal(
      agreements.addAmendment(db, ctx, agreementId, {
        number: 2,
        object: 'Avenant antidaté',
        signedOn: null,
        effectiveFrom: '2017-01-01',
        chargingScheme: { components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }] },
        workUnit: null,
        forecastUnits: null,
        staffCommitteeOpinionOn: null,
        participants: [{ collectivityId: epci.id, paymentRoute: 'invoice', installments: [{ dueOn: '12-15', percent: '100' }] }],
      }),
    );
    expect(r).toEqual({ status: 400, field: 'effectiveFrom', message: "L'avenant prendrait effet le 01/01/2017, avant la convention qu'il modifie (01/07/2017)." });
    const shares = await refusal(
      agreements.addAmendment(db, ctx, agreementId, {
        number: 2,
        object: 'Parts fausses',
        signedOn: null,
        effectiveFrom: '2021-01-01',
        chargingScheme: { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: epci.id, percent: '70' }, { collectivityId: byName('Saint-Étienne').id, percent: '20' }] } }] },
        workUnit: null,
        forecastUnits: null,
        staffCommitteeOpinionOn: null,
        participants: [
          { collectivityId: epci.id, paymentRoute: 'invoice', installments: [{ dueOn: '12-15', percent: '100' }] },
          { collectivityId: byName('Saint-Étienne').id, paymentRoute: 'invoice', installments: [{ dueOn: '12-15', percent: '100' }] },
        ],
      }),
    );
    expect(shares).toEqual({ status: 400, field: 'chargingScheme.components[0].rule.shares', message: 'Règle 1 : les parts fixes totalisent 90 % au lieu de 100 %.' });
    expect(await count('amendments')).toBe(before);
    expect(await count('audit_log')).toBe(audit);
  });

  it('refuses a party outside the territory without SIRET', async () => {
    const outside = await territory.addCollectivity(db, ctx, { kind: 'syndicate', name: 'SIVU de test sans SIRET' });
    const before = await count('agreements');
    const r = await refusal(agreements.createAgreement(db, ctx, { serviceId: null, reference: 'CONV-X', object: 'Essai', partyIds: [epci.id, outside.id] }));
    expect(r).toEqual({ status: 400, field: 'partyIds', message: "SIVU de test sans SIRET n'est pas membre du territoire et n'a pas de SIRET : renseignez son SIRET avant de l'associer." });
    expect(await count('agreements')).toBe(before);
  });

  it('records approvals once per party, and only from parties', async () => {
    const created = await agreements.createAgreement(db, ctx, { serviceId: service('MAH').id, reference: 'CONV-MAH-2021', object: 'Renouvellement', inForceFrom: '2021-01-01', partyIds: [epci.id, byName('Saint-Étienne').id] });
    expect((await refusal(agreements.recordApproval(db, ctx, { agreementId: created.id, collectivityId: byName('Firminy').id, body: 'Conseil municipal', approvedOn: '2020-12-01' }))).field).toBe('collectivityId');
    await agreements.recordApproval(db, ctx, { agreementId: created.id, collectivityId: byName('Saint-Étienne').id, body: 'Conseil municipal', approvedOn: '2020-12-01' });
    expect((await refusal(agreements.recordApproval(db, ctx, { agreementId: created.id, collectivityId: byName('Saint-Étienne').id, body: 'Conseil municipal', approvedOn: '2020-12-02' }))).status).toBe(409);
    let detail = await agreementDetail(db, ctx, EVERYONE, created.id, '2021-06-01');
    expect(detail.summary.status).toBe('pending');
    expect(detail.approvalsByParty.filter((p) => p.approval === null).map((p) => p.name)).toEqual(['Saint-Étienne Métropole']);
    await agreements.recordApproval(db, ctx, { agreementId: created.id, collectivityId: epci.id, body: 'Bureau métropolitain', approvedOn: '2020-12-10' });
    detail = await agreementDetail(db, ctx, EVERYONE, created.id, '2021-06-01');
    expect(detail.summary.status).toBe('inForce');
  });

  it('deductions land in the AC register; recording the same source again replaces it', async () => {
    const se = byName('Saint-Étienne');
    const line = async () => (await compensationRegister(db, ctx, EVERYONE, { year: 2019, communeId: se.id }))[0]!;
    // The demo's own deductions (agreements' illustrative ones, and the charging demo's runs) are there already.
    const before = await line();
    expect(before.deductionsCents).toBeGreaterThanOrEqual((146_500 + 1_020_000) * 100);
    await db.transaction(scopeOf(ctx), (tx) => agreements.recordCompensationDeduction(tx, ctx, { communeId: se.id, year: 2019, serviceId: service('GTI').id, amountCents: 50_000_00, source: 'charging:test', label: 'Grands travaux 2019' }));
    await db.transaction(scopeOf(ctx), (tx) => agreements.recordCompensationDeduction(tx, ctx, { communeId: se.id, year: 2019, serviceId: service('GTI').id, amountCents: 40_000_00, source: 'charging:test', label: 'Grands travaux 2019' }));
    const l = await line();
    expect(l.deductionsCents).toBe(before.deductionsCents + 40_000_00);
    expect(l.netCents).toBe(before.netCents - 40_000_00);
    expect(l.monthlyCents.reduce((a, b) => a + b, 0)).toBe(l.netCents);
    const negative = (await compensationRegister(db, ctx, EVERYONE, { year: 2020, communeId: byName('La Talaudière').id }))[0]!;
    expect(negative.dueByCommune).toBe(true);
    expect((await refusal(db.transaction(scopeOf(ctx), (tx) => agreements.recordCompensationDeduction(tx, ctx, { communeId: epci.id, year: 2019, serviceId: service('GTI').id, amountCents: 1, source: 'x', label: 'x' })))).field).toBe('communeId');
  });

  it('gives the report its services, scope and approvals', async () => {
    const report = await agreements.sharedServicesForReport(db, ctx, 2018);
    expect(report.services.map((s) => s.service.reference)).not.toContain('SIG');
    const gti = report.services.find((s) => s.service.reference === 'GTI')!;
    expect(gti.scope).toContain('Saint-Chamond');
    expect(gti.agreements.find((a) => a.reference === 'CONV-GTI-2018-SC')!.approvals.map((a) => `${a.collectivity} ${a.approvedOn}`)).toEqual([
      'Saint-Étienne 2018-06-04',
      'Saint-Étienne Métropole 2018-06-14',
      'Saint-Chamond 2018-06-26',
    ]);
    expect(report.general[0]!.approvals.map((a) => a.approvedOn)).toEqual(['2017-11-15', '2017-11-27']);
  });
});
