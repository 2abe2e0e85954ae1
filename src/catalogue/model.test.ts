import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anonymisationDate, checkEligibility, describeEligibility, eligibilityProblem, offerProblems, periodProblem, personKey, subscriptionState, type Candidate, type EligibilityRule, type Offer, type Subscription } from './model.ts';
import { computeYearIndicators, evolutionText, type IndicatorInput } from './indicators.ts';

const anOffer = (over: Partial<Offer> = {}): Offer => ({
  id: 'o1',
  code: 'sig',
  title: 'SIG métropolitain',
  description: 'Le système d’information géographique.',
  kind: 'service',
  domain: 'gis',
  providerId: 'ville',
  providerService: null,
  launchedOn: null,
  launchPrecision: null,
  status: 'open',
  subItems: [],
  eligibility: [],
  pricing: 'free',
  allocationKey: null,
  contact: null,
  theme: null,
  ...over,
});
const aCommune = (over: Partial<Candidate> = {}): Candidate => ({ id: 'c1', name: 'Chambœuf', kind: 'commune', inseeCode: '42044', population: 1_800, ...over });
const aSubscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 's1',
  offerId: 'o1',
  collectivityId: 'c1',
  status: 'approved',
  requestedOn: '2019-01-10',
  requestNote: null,
  decidedOn: '2019-01-15',
  refusalReason: null,
  startsOn: '2019-02-01',
  endsOn: null,
  ...over,
});

describe('eligibility as data', () => {
  const below: EligibilityRule = { kind: 'populationBelow', threshold: 2_000 };
  it.each([
    ['all communes', [], aCommune(), true, 'Chambœuf est éligible : toutes les communes membres.'],
    ['under a threshold, below it', [below], aCommune(), true, 'Chambœuf est éligible : communes membres de moins de 2 000 habitants.'],
    ['under a threshold, above it', [below], aCommune({ name: 'Saint-Chamond', population: 35_000 }), false, 'Offre réservée aux communes de moins de 2 000 habitants : Saint-Chamond en compte 35 000 (population municipale).'],
    ['the threshold itself is not under it', [below], aCommune({ population: 2_000 }), false, 'Offre réservée aux communes de moins de 2 000 habitants : Chambœuf en compte 2 000 (population municipale).'],
    ['at least a threshold', [{ kind: 'populationAtLeast', threshold: 10_000 } as const], aCommune(), false, 'Offre réservée aux communes d’au moins 10 000 habitants : Chambœuf en compte 1 800 (population municipale).'],
    ['unknown population', [below], aCommune({ population: null }), false, 'La population de Chambœuf n’est pas connue : l’éligibilité (seuil de 2 000 habitants) ne peut pas être vérifiée.'],
    ['explicit list, in it', [{ kind: 'list', inseeCodes: ['42044'] } as const], aCommune(), true, 'Chambœuf est éligible : communes membres de la liste fixée (1 code insee).'],
    ['explicit list, not in it', [{ kind: 'list', inseeCodes: ['42207'] } as const], aCommune(), false, 'Offre réservée à une liste de communes dont Chambœuf ne fait pas partie.'],
    ['communes only by default', [], aCommune({ kind: 'ccas', name: 'CCAS de Firminy' }), false, 'Offre réservée aux collectivités suivantes : Commune ; CCAS de Firminy est de type « CCAS ».'],
    ['a kind rule opens it to CCAS', [{ kind: 'collectivityKinds', kinds: ['commune', 'ccas'] } as const], aCommune({ kind: 'ccas', name: 'CCAS de Firminy' }), true, 'CCAS de Firminy est éligible : commune, ccas.'],
  ])('%s', (_, eligibility, who, eligible, reason) => {
    const verdict = checkEligibility(anOffer({ eligibility }), who);
    expect(verdict.eligible).toBe(eligible);
    expect(verdict.reason.replace(/\u202f/g, ' ')).toBe(reason);
  });

  it('never lets the provider subscribe to its own offer, nor anyone to a closed offer', () => {
    expect(checkEligibility(anOffer(), aCommune({ id: 'ville', name: 'Saint-Étienne' })).reason).toBe('Saint-Étienne fournit elle-même l’offre « SIG métropolitain ».');
    expect(checkEligibility(anOffer({ status: 'closed' }), aCommune()).eligible).toBe(false);
  });

  it('describes the rules in French', () => {
    expect(describeEligibility([]).replace(/\u202f/g, ' ')).toBe('Toutes les communes membres');
    expect(describeEligibility([below]).replace(/\u202f/g, ' ')).toBe('Communes membres de moins de 2 000 habitants');
  });

  it('refuses malformed rules, naming the field', () => {
    expect(eligibilityProblem([{ kind: 'populationBelow', threshold: 0 }])?.field).toBe('eligibility');
    expect(eligibilityProblem([{ kind: 'list', inseeCodes: ['4220'] }])?.message).toBe('Le champ « éligibilité » : la liste doit contenir des codes INSEE à 5 caractères.');
    expect(eligibilityProblem([below, { kind: 'populationAtLeast', threshold: 3_000 }])?.message).toBe('Le champ « éligibilité » : le seuil minimal de population doit être inférieur au seuil maximal.');
    expect(eligibilityProblem([below, { kind: 'populationAtLeast', threshold: 500 }])).toBeNull();
  });

  it('property: a commune under the threshold is eligible exactly when its population is below it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 200_000 }), (threshold, population) => {
        expect(checkEligibility(anOffer({ eligibility: [{ kind: 'populationBelow', threshold }] }), aCommune({ population })).eligible).toBe(population < threshold);
      }),
    );
  });
});

describe('offers and subscriptions', () => {
  it('names the field of each problem of a new offer', () => {
    const problems = offerProblems({ code: 'SIG !', title: 'X', description: '', kind: 'tool', domain: 'gis', pricing: 'charged', launchedOn: '2019-13' });
    expect(problems.map((p) => p.field)).toEqual(['code', 'title', 'description', 'kind', 'allocationKey', 'launchedOn']);
    expect(offerProblems({ code: 'club-dsi', title: 'Club DSI', description: 'Réseau', kind: 'network', domain: 'digital' }).map((p) => p.message)).toEqual(['Un réseau de référents nomme le thème de ses référents.']);
  });

  it.each([
    ['requested', aSubscription({ status: 'requested', startsOn: null }), 'requested'],
    ['refused', aSubscription({ status: 'refused', startsOn: null }), 'refused'],
    ['approved, starting later', aSubscription({ startsOn: '2020-03-01' }), 'approved'],
    ['active', aSubscription(), 'active'],
    ['ended the day before', aSubscription({ endsOn: '2020-01-31' }), 'ended'],
    ['ending today is still active', aSubscription({ endsOn: '2020-02-01' }), 'active'],
  ])('state of a subscription: %s', (_, subscription, state) => {
    expect(subscriptionState(subscription, '2020-02-01')).toBe(state);
  });

  it('refuses a subscription ending before it starts', () => {
    expect(periodProblem('2020-03-01', '2020-02-28')).toEqual({ field: 'endsOn', message: 'La fin de l’adhésion (28/02/2020) précède son début (01/03/2020).' });
    expect(periodProblem('2020-02-30', null)?.field).toBe('startsOn');
    expect(periodProblem('2020-03-01', '2020-03-01')).toBeNull();
  });
});

describe('trainees’ retention (RGPD art. 5)', () => {
  it.each([
    ['2019-05-14', 36, '2022-05-14'],
    ['2019-01-31', 1, '2019-02-28'],
    ['2020-02-29', 12, '2021-02-28'],
    ['2019-11-30', 3, '2020-02-29'],
  ])('%s + %i months = %s', (heldOn, months, due) => {
    expect(anonymisationDate(heldOn, months)).toBe(due);
  });

  it('recognises the same person whatever the case and accents', () => {
    expect(personKey('  Élodie  MARTIN', 'Firminy')).toBe(personKey('elodie martin', 'FIRMINY'));
  });
});

describe('indicators per year', () => {
  const communes = new Set(['c1', 'c2', 'c3']);
  const sig = anOffer({ subItems: [{ title: 'Numérotation de voirie', launchedOn: '2019-10', launchPrecision: 'month' }] });
  const data = (over: Partial<IndicatorInput> = {}): IndicatorInput => ({
    offers: [sig],
    subscriptions: [
      aSubscription({ id: 's1', collectivityId: 'c1', startsOn: '2018-05-01' }),
      aSubscription({ id: 's2', collectivityId: 'c2', startsOn: '2019-06-01' }),
      aSubscription({ id: 's3', collectivityId: 'c3', startsOn: '2017-01-01', endsOn: '2018-12-31' }),
      aSubscription({ id: 's4', collectivityId: 'c3', status: 'requested', startsOn: null }),
    ],
    accounts: [
      { id: 'a1', subscriptionId: 's1', count: 3, holderName: null, openedOn: '2018-05-01', closedOn: null },
      { id: 'a2', subscriptionId: 's2', count: 1, holderName: 'Jeanne Roche', openedOn: '2019-06-01', closedOn: null },
      { id: 'a3', subscriptionId: 's3', count: 2, holderName: null, openedOn: '2017-01-01', closedOn: '2018-12-31' },
    ],
    sessions: [
      { id: 't1', offerId: 'o1', reference: 'SIG-1', topic: 'Prise en main', heldOn: '2019-03-12', place: null, trainer: null },
      { id: 't2', offerId: 'o1', reference: 'SIG-2', topic: 'Perfectionnement', heldOn: '2019-09-12', place: null, trainer: null },
    ],
    trainees: [
      { id: 'p1', sessionId: 't1', personRef: 'r1', name: 'A', role: null, collectivityId: 'c1', outsideBody: null, anonymisedOn: null },
      { id: 'p2', sessionId: 't2', personRef: 'r1', name: 'A', role: null, collectivityId: 'c1', outsideBody: null, anonymisedOn: null },
      { id: 'p3', sessionId: 't2', personRef: 'r2', name: null, role: null, collectivityId: 'c2', outsideBody: null, anonymisedOn: '2023-01-01' },
      { id: 'p4', sessionId: 't2', personRef: 'r3', name: 'B', role: null, collectivityId: null, outsideBody: 'Département de la Loire', anonymisedOn: null },
    ],
    meetings: [],
    attendances: [],
    referents: [],
    communeIds: communes,
    ...over,
  });

  it('counts communes subscribed, accounts, people trained (once each, anonymised or not) and communes represented, with the year before', () => {
    const [figures] = computeYearIndicators(2019, data());
    expect(Object.fromEntries(figures!.figures.map((f) => [f.key, [f.value, f.previous]]))).toEqual({
      subscribedCommunes: [2, 2],
      accounts: [4, 5],
      peopleTrained: [2, 0],
      communesRepresented: [2, 0],
      outsideTrained: [1, 0],
      newSubItems: [1, 0],
    });
  });

  it('counts meetings and their attendees, people from outside included', () => {
    const meetings = [
      { id: 'm1', offerId: 'o1', heldOn: '2019-04-02', topic: 'Réunion', place: null, outsideAttendees: 8 },
      { id: 'm2', offerId: 'o1', heldOn: '2020-04-02', topic: 'Réunion', place: null, outsideAttendees: 0 },
    ];
    const attendances = [
      { id: 'x1', meetingId: 'm1', collectivityId: 'c1', attendees: 25 },
      { id: 'x2', meetingId: 'm1', collectivityId: 'c2', attendees: 15 },
    ];
    const figures = computeYearIndicators(2019, data({ meetings, attendances }))[0]!.figures;
    expect(figures.find((f) => f.key === 'meetingsHeld')?.value).toBe(1);
    expect(figures.find((f) => f.key === 'attendees')?.value).toBe(48);
  });

  it('writes the evolution in French', () => {
    expect([evolutionText(84, 83), evolutionText(1_200, 2_500), evolutionText(5, 5)]).toEqual(['+1', '−1\u202f300', '=']);
  });
});
