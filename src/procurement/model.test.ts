import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cents } from '../platform/money.ts';
import {
  buyerProblem,
  checkConsumption,
  coordinatorProblem,
  cpvValid,
  launchProblem,
  mustPublish,
  needProblem,
  needsOpen,
  periodValid,
  signingProblem,
  sumQuantities,
  supplierIdentifierProblem,
  termsInForce,
  type GroupMember,
  type Lot,
  type PurchasingGroup,
} from './model.ts';
import { contractProblems } from './contract-model.ts';
import { aContract } from './testing.ts';

const group = (over: Partial<PurchasingGroup> = {}): PurchasingGroup => ({
  id: 'g',
  reference: 'GC-1',
  object: 'Fournitures',
  scopes: ['supplies'],
  categories: [],
  coordinatorId: 'epci',
  status: 'active',
  agreementSignedOn: '2019-02-01',
  agreementDurationMonths: 24,
  coordinatorMission: 'awardAndSignature',
  launchedOn: null,
  closedOn: null,
  note: null,
  ...over,
});
const member = (collectivityId: string, approvalDate: string | null): GroupMember => ({
  id: `m-${collectivityId}`,
  collectivityId,
  name: collectivityId,
  kind: 'commune',
  inseeCode: null,
  siret: null,
  approvalBody: approvalDate ? 'Conseil municipal' : null,
  approvalDate,
  approvalReference: approvalDate ? 'n° 1' : null,
  deliberationId: null,
});
const lot: Lot = { id: 'l', groupId: 'g', number: 1, title: 'Lot 1', unit: null };

describe('purchasing group rules', () => {
  it('a coordinator must be a member (CCP L2113-7)', () => {
    expect(coordinatorProblem('epci', ['epci', 'a'])).toBeNull();
    expect(coordinatorProblem('outside', ['epci', 'a'])).toEqual({ field: 'coordinatorId', message: 'Le coordonnateur doit être membre du groupement.' });
  });

  it('an agreement is signed once, by at least two buyers, coordinator among them', () => {
    expect(signingProblem(group({ status: 'forming', agreementSignedOn: null }), ['epci', 'a'])).toBeNull();
    expect(signingProblem(group({ status: 'forming', agreementSignedOn: null }), ['epci'])?.message).toMatch(/au moins deux acheteurs/);
    expect(signingProblem(group({ status: 'forming', agreementSignedOn: null, coordinatorId: 'z' }), ['epci', 'a'])?.field).toBe('coordinatorId');
    expect(signingProblem(group(), ['epci', 'a'])?.message).toMatch(/déjà signée/);
  });

  it('the procedure is launched only when every member has deliberated before that date', () => {
    const members = [member('epci', '2019-01-10'), member('a', '2019-03-20')];
    expect(launchProblem(group(), members, [lot], '2019-03-01')?.message).toBe('Approbation par délibération manquante avant le lancement : a.');
    expect(launchProblem(group(), members, [lot], '2019-03-21')).toBeNull();
    expect(launchProblem(group(), members, [], '2019-03-21')?.message).toMatch(/au moins un lot/);
    expect(launchProblem(group({ status: 'forming', agreementSignedOn: null }), members, [lot], '2019-03-21')?.message).toMatch(/doit être signée/);
    expect(launchProblem(group(), members, [lot], '2019-01-01')?.message).toMatch(/précéder la signature/);
  });

  it('no needs after launch, nor in a closed group', () => {
    expect(needsOpen(group())).toBe(true);
    expect(needsOpen(group({ launchedOn: '2019-03-21' }))).toBe(false);
    expect(needsOpen(group({ status: 'closed' }))).toBe(false);
  });

  it('a need is a positive quantity and/or a positive amount', () => {
    expect(needProblem('12.5', 100, 'lot-x')).toBeNull();
    expect(needProblem('-1', null, 'lot-x')?.field).toBe('lot-x-quantite');
    expect(needProblem(null, -5, 'lot-x')?.field).toBe('lot-x-montant');
  });

  it('the buyer of a group contract is the coordinator when it signs for all, a member otherwise', () => {
    expect(buyerProblem({ coordinatorId: 'epci', coordinatorMission: 'awardAndSignature' }, ['epci', 'a'], 'epci')).toBeNull();
    expect(buyerProblem({ coordinatorId: 'epci', coordinatorMission: 'awardAndExecution' }, ['epci', 'a'], 'a')?.message).toMatch(/coordonnateur signe/);
    expect(buyerProblem({ coordinatorId: 'epci', coordinatorMission: 'award' }, ['epci', 'a'], 'a')).toBeNull();
    expect(buyerProblem({ coordinatorId: 'epci', coordinatorMission: 'award' }, ['epci', 'a'], 'b')?.message).toMatch(/membre du groupement/);
  });
});

describe('contracts', () => {
  it('a complete contract has no problem; each wrong field is named', () => {
    expect(contractProblems({ ...aContract({ buyerId: 'epci' }), buyerSiret: '24420077000010' })).toEqual([]);
    const fields = (over: object) => contractProblems({ ...aContract({ buyerId: 'epci' }), buyerSiret: '24420077000010', ...over }).map((p) => p.field);
    expect(fields({ cpvCode: '4523314' })).toEqual(['cpvCode']);
    expect(fields({ amountCents: -500 })).toEqual(['amountCents']);
    expect(fields({ techniques: [] })).toEqual(['techniques']);
    expect(fields({ ccag: 'CCAG inconnu' })).toEqual(['ccag']);
    expect(fields({ suppliers: [{ identifier: '55204599900868', identifierType: 'SIRET', name: null }] })).toEqual(['suppliers.0.identifier']);
    expect(fields({ reference: 'un numéro bien trop long pour DECP' })).toEqual(['reference']);
    expect(fields({ originEu: '0.1', originFrance: '0.5' })).toEqual(['originFrance']);
  });

  it('CPV codes: 8 digits and an optional check digit', () => {
    expect([cpvValid('45233141-9'), cpvValid('45233141'), cpvValid('4523314-9'), cpvValid('45233141-12'), cpvValid('4523314a')]).toEqual([true, true, false, false, false]);
  });

  it('a SIRET supplier needs a valid Luhn key; other identifiers are kept as given', () => {
    expect(supplierIdentifierProblem('55204599900869', 'SIRET')).toBeNull();
    expect(supplierIdentifierProblem('55204599900868', 'SIRET')).toMatch(/clé de contrôle de Luhn/);
    expect(supplierIdentifierProblem('868768687576575', 'SIRET')).toMatch(/14 chiffres/);
    expect(supplierIdentifierProblem('FR12345678901', 'TVA')).toBeNull();
  });

  it('the amount and duration in force follow the latest modification that sets each', () => {
    const initial = { amountCents: 1_000_000 as Cents, durationMonths: 12 };
    expect(termsInForce(initial, [])).toEqual(initial);
    expect(termsInForce(initial, [{ seq: 2, amountCents: null, durationMonths: 24 }, { seq: 1, amountCents: 1_100_000 as Cents, durationMonths: null }])).toEqual({ amountCents: 1_100_000, durationMonths: 24 });
  });

  it('consumption beyond the ceiling is flagged, and beyond a member’s declared need', () => {
    const check = checkConsumption(
      [
        { collectivityId: 'a', consumedCents: 600 as Cents, neededCents: 500 as Cents },
        { collectivityId: 'b', consumedCents: 500 as Cents, neededCents: null },
      ],
      1_000 as Cents,
    );
    expect([check.totalCents, check.beyondCeiling, check.remainingCents]).toEqual([1_100, true, -100]);
    expect(check.lines.map((l) => l.overNeed)).toEqual([true, false]);
    expect(checkConsumption([{ collectivityId: 'a', consumedCents: 1_000 as Cents, neededCents: null }], 1_000 as Cents).beyondCeiling).toBe(false);
  });

  it('publication follows the threshold in force at notification (none before October 2018)', () => {
    expect(mustPublish('2017-06-01', 10_000_000 as Cents)).toBe(false);
    expect(mustPublish('2019-06-01', 2_500_000 as Cents)).toBe(true);
    expect(mustPublish('2019-06-01', 2_499_999 as Cents)).toBe(false);
    expect(mustPublish('2020-01-01', 3_900_000 as Cents)).toBe(false);
    expect(mustPublish('2024-05-15', 4_000_000 as Cents)).toBe(true);
  });

  it('periods are a year or a month', () => {
    expect(['2019', '2019-03', '2019-13', '19-03', '2019-3'].map(periodValid)).toEqual([true, true, false, false, false]);
  });
});

describe('quantities', () => {
  it('add up exactly, whatever their decimals', () => {
    expect(sumQuantities(['0.1', '0.2'])).toBe('0.3');
    expect(sumQuantities(['2500', '800', '120'])).toBe('3420');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { maxLength: 30 }), (tenThousandths) => {
        const text = tenThousandths.map((n) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`);
        const sum = tenThousandths.reduce((a, b) => a + b, 0);
        expect(sumQuantities(text)).toBe(sumQuantities([`${Math.floor(sum / 10_000)}.${String(sum % 10_000).padStart(4, '0')}`]));
      }),
    );
  });
});
