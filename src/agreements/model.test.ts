import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cents } from '../platform/money.ts';
import {
  agreementStatus,
  amendmentInForce,
  amendmentProblems,
  approvalState,
  compensationSummary,
  installmentProblems,
  partyProblem,
  serviceProblems,
  staffProblems,
  staffTotals,
  type Agreement,
  type Amendment,
  type AmendmentDraft,
  type Approval,
  type StaffMember,
} from './model.ts';

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  id: 'a',
  serviceId: 's',
  reference: 'CONV-GTI',
  object: 'Grands travaux',
  signedOn: '2018-06-28',
  inForceFrom: '2018-07-01',
  endsOn: null,
  note: null,
  ...over,
});

const draft = (over: Partial<AmendmentDraft> = {}): AmendmentDraft => ({
  number: 1,
  object: 'Annexe financière 2019',
  signedOn: '2019-01-10',
  effectiveFrom: '2019-01-01',
  chargingScheme: { components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }] },
  workUnit: null,
  forecastUnits: null,
  staffCommitteeOpinionOn: null,
  participants: [
    { collectivityId: 'sem', paymentRoute: 'invoice', installments: [{ dueOn: '06-30', percent: '50' }, { dueOn: '12-15', percent: '50' }] },
    { collectivityId: 'se', paymentRoute: 'compensationDeduction', installments: [{ dueOn: '12-31', percent: '100' }] },
  ],
  ...over,
});

const approval = (collectivityId: string, approvedOn: string): Approval => ({
  id: `${collectivityId}-${approvedOn}`,
  agreementId: 'a',
  amendmentId: null,
  collectivityId,
  body: 'Conseil',
  approvedOn,
  deliberationReference: null,
  deliberationId: null,
});

describe('amendment validation (each problem names its field)', () => {
  it.each([
    ['a valid amendment', {}, null],
    ['an amendment taking effect before its agreement', { effectiveFrom: '2018-06-01' }, 'effectiveFrom'],
    ['an amendment signed before its agreement', { signedOn: '2018-01-02' }, 'signedOn'],
    ['a date that is not one', { effectiveFrom: '2019-02-30' }, 'effectiveFrom'],
    ['no object', { object: '  ' }, 'object'],
    ['number 0', { number: 0 }, 'number'],
    [
      'fixed shares not making 100 %',
      { chargingScheme: { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'sem', percent: '60' }, { collectivityId: 'se', percent: '30' }] } }] } },
      'chargingScheme.components[0].rule.shares',
    ],
    ['components not making 100 %', { chargingScheme: { components: [{ percent: '60', rule: { kind: 'driver', driver: 'population' } }] } }, 'chargingScheme.components'],
    [
      'a fixed share for a non-participant',
      { chargingScheme: { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'other', percent: '100' }] } }] } },
      'chargingScheme.components[0].rule.shares[0].collectivityId',
    ],
    ['installments not making 100 %', { participants: [{ collectivityId: 'sem', paymentRoute: 'invoice', installments: [{ dueOn: '06-30', percent: '40' }] }] }, 'participants[0].installments'],
    ['an unknown payment route', { participants: [{ collectivityId: 'sem', paymentRoute: 'cash', installments: [{ dueOn: '06-30', percent: '100' }] }] }, 'participants[0].paymentRoute'],
    ['a participant twice', { participants: [draft().participants[0]!, draft().participants[0]!] }, 'participants[1].collectivityId'],
    ['no participant', { participants: [], chargingScheme: { components: [{ percent: '100', rule: { kind: 'direct' as const } }] } }, 'participants'],
  ] as const)('%s', (_label, over, field) => {
    const problems = amendmentProblems(draft(over as Partial<AmendmentDraft>), agreement(), 'sharedService', true);
    if (field === null) expect(problems).toEqual([]);
    else {
      expect(problems.map((p) => p.field)).toContain(field);
      for (const p of problems) expect(p.message).toMatch(/[a-zé]/);
    }
  });

  it('a provision must define its unit of work and forecast (D5211-16)', () => {
    const problems = amendmentProblems(draft(), agreement(), 'serviceProvision', true);
    expect(problems.map((p) => p.field)).toEqual(['workUnit', 'forecastUnits']);
    expect(amendmentProblems(draft({ workUnit: 'heure', forecastUnits: '1200' }), agreement(), 'serviceProvision', true)).toEqual([]);
  });

  it('refuses a deduction from the AC when the EPCI is not under FPU', () => {
    expect(amendmentProblems(draft(), agreement(), 'sharedService', false).map((p) => p.field)).toEqual(['participants[1].paymentRoute']);
  });
});

describe('installment schedules', () => {
  it.each([
    [[{ dueOn: '03-31', percent: '25' }, { dueOn: '06-30', percent: '25' }, { dueOn: '09-30', percent: '25' }, { dueOn: '12-31', percent: '25' }], []],
    [[{ dueOn: '02-30', percent: '100' }], ['installments[0].dueOn']],
    [[{ dueOn: '06-30', percent: '50' }, { dueOn: '03-31', percent: '50' }], ['installments[1].dueOn']],
    [[{ dueOn: '06-30', percent: '33,333333' }, { dueOn: '12-31', percent: '66,666667' }], []],
    [[], ['installments']],
  ])('%j', (schedule, fields) => {
    expect(installmentProblems(schedule).map((p) => p.field)).toEqual(fields);
  });
});

describe('participants outside the territory', () => {
  it.each([
    [{ id: 'c', name: 'Saint-Chamond', kind: 'commune', siret: null, inTerritory: true }, null],
    [{ id: 'x', name: 'SIVU des Monts', kind: 'syndicate', siret: null, inTerritory: false }, 'participantId'],
    [{ id: 'x', name: 'SIVU des Monts', kind: 'syndicate', siret: '21420218600011', inTerritory: false }, null],
  ])('%j', (party, field) => {
    expect(partyProblem(party, 'participantId')?.field ?? null).toBe(field);
  });
});

describe('approvals in any order', () => {
  const parties = ['sem', 'se', 'sc'];
  it('the three-way agreement of 2018: Saint-Étienne first, then the Bureau, then Saint-Chamond', () => {
    const approvals = [approval('sem', '2018-06-14'), approval('sc', '2018-06-26'), approval('se', '2018-06-04')];
    const state = approvalState(parties, approvals);
    expect(state.missing).toEqual([]);
    expect(state.approved.map((a) => a.collectivityId)).toEqual(['se', 'sem', 'sc']);
    expect(state.completeOn).toBe('2018-06-26');
    expect(agreementStatus(agreement(), state, '2018-06-30')).toBe('approved');
    expect(agreementStatus(agreement(), state, '2018-07-01')).toBe('inForce');
  });
  it('is pending while one party has not approved, and names it', () => {
    const state = approvalState(parties, [approval('sem', '2018-06-14'), approval('se', '2018-06-04')]);
    expect(state.missing).toEqual(['sc']);
    expect(agreementStatus(agreement(), state, '2020-01-01')).toBe('pending');
  });
  it('ignores an approval from a non-party', () => {
    expect(approvalState(['sem'], [approval('zz', '2018-01-01')]).completeOn).toBeNull();
  });
  it('the order never matters (property)', () => {
    const base = [approval('sem', '2018-06-14'), approval('sc', '2018-06-26'), approval('se', '2018-06-04')];
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: 3, maxLength: 3 }), (shuffled) => {
        expect(approvalState(parties, shuffled)).toEqual(approvalState(parties, base));
      }),
    );
  });
});

describe('the amendment in force', () => {
  const amendment = (number: number, effectiveFrom: string): Amendment => ({
    id: `m${number}`,
    agreementId: 'a',
    number,
    object: 'x',
    signedOn: null,
    effectiveFrom,
    chargingScheme: { components: [] },
    workUnit: null,
    forecastUnits: null,
    impactSheet: null,
    staffCommitteeOpinionOn: null,
    staffCommitteeOpinion: null,
    note: null,
  });
  const done = approvalState(['sem'], [approval('sem', '2018-06-01')]);
  const approvedOn = (d: string) => approvalState(['sem'], [approval('sem', d)]);
  const list = [
    { amendment: amendment(1, '2018-07-01'), state: done },
    { amendment: amendment(2, '2020-01-01'), state: approvedOn('2019-12-10') },
    { amendment: amendment(3, '2021-01-01'), state: approvalState(['sem'], []) },
  ];
  it.each([
    ['2018-06-30', null],
    ['2018-07-01', 1],
    ['2019-12-31', 1],
    ['2020-01-01', 2],
    ['2022-05-01', 2],
  ])('on %s → amendment %s', (on, number) => {
    expect(amendmentInForce(agreement(), done, list, on)?.number ?? null).toBe(number);
  });
});

describe('staff', () => {
  const member = (over: Partial<StaffMember>): StaffMember => ({
    id: 'x',
    serviceId: 's',
    originCollectivityId: 'se',
    post: 'Ingénieur',
    agentName: null,
    status: 'transferred',
    fte: '1',
    yearlyCostCents: Cents.of(5_000_000),
    validFrom: null,
    validTo: null,
    note: null,
    ...over,
  });
  it('aggregates per origin and status, exactly', () => {
    const totals = staffTotals([member({}), member({ status: 'placedAtDisposal', fte: '0.3', yearlyCostCents: Cents.of(1_500_001) }), member({ status: 'placedAtDisposal', fte: '0.45', yearlyCostCents: Cents.of(2_000_000) })]);
    expect(totals).toEqual([
      { originCollectivityId: 'se', status: 'transferred', headcount: 1, fteHundredths: 100, yearlyCostCents: 5_000_000 },
      { originCollectivityId: 'se', status: 'placedAtDisposal', headcount: 2, fteHundredths: 75, yearlyCostCents: 3_500_001 },
    ]);
  });
  it.each([
    [{ post: 'Ingénieur', status: 'transferred', fte: '1', yearlyCostCents: 100 }, []],
    [{ post: '', status: 'transferred', fte: '1', yearlyCostCents: 100 }, ['post']],
    [{ post: 'x', status: 'transferred', fte: '0.5', yearlyCostCents: 100 }, ['status']],
    [{ post: 'x', status: 'placedAtDisposal', fte: '1.5', yearlyCostCents: 100 }, ['fte']],
    [{ post: 'x', status: 'placedAtDisposal', fte: '0,5', yearlyCostCents: -1 }, ['yearlyCostCents']],
  ])('%j', (input, fields) => {
    expect(staffProblems(input).map((p) => p.field)).toEqual(fields);
  });
});

describe('attribution de compensation', () => {
  it('net = CLECT amount − deductions, paid in twelfths adding up exactly', () => {
    const s = compensationSummary(Cents.of(1_000_000_00), [Cents.of(12_345_67), Cents.of(1)]);
    expect(s.netCents).toBe(1_000_000_00 - 12_345_68);
    expect(s.dueByCommune).toBe(false);
    expect(s.monthlyCents).toHaveLength(12);
  });
  it('a negative AC is due by the commune', () => {
    const s = compensationSummary(Cents.of(10_000_00), [Cents.of(25_000_00)]);
    expect(s.netCents).toBe(-15_000_00);
    expect(s.dueByCommune).toBe(true);
  });
  it('the twelfths always add up to the net amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 1e10 }), { maxLength: 5 }), (clect, deductions) => {
        const s = compensationSummary(Cents.of(clect), deductions.map(Cents.of));
        expect(s.monthlyCents.reduce((a, b) => a + b, 0)).toBe(s.netCents);
        expect(Math.max(...s.monthlyCents) - Math.min(...s.monthlyCents)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('service fields', () => {
  it.each([
    [{ kind: 'sharedService', reference: 'GTI', name: 'Grands travaux', theme: 'Travaux', activities: '', status: 'active' }, []],
    [{ kind: 'club', reference: 'gti', name: '', theme: '', activities: '', status: 'open' }, ['kind', 'reference', 'name', 'theme', 'status']],
  ])('%j', (input, fields) => {
    expect(serviceProblems(input).map((p) => p.field)).toEqual(fields);
  });
});
