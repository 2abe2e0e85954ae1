import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cents } from '../platform/money.ts';
import { evaluateEligibility, eligibilityBounds, eligibilityProblem, type Beneficiary, type CriteriaGroup, type Eligibility } from './eligibility.ts';
import { CriteriaTextError, formatCriteriaText, parseCriteriaText } from './criteria-text.ts';
import { evaluateScheme, isOpen, isPastDeadline, type SearchBeneficiary } from './model.ts';
import { queryWords, foldAccents } from './search-text.ts';
import { contributionCeiling, contributionProblem, ownShareTenths } from './contribution.ts';
import { validateScheme } from './scheme-input.ts';
import { perimeterNamer } from './places.ts';

const aCommune = (o: Partial<Beneficiary> = {}): Beneficiary => ({ name: 'Marcenod', population: 680, densityLevel: 6, epciPopulation: 407_700, fiscalPotentialCents: 91_240, ...o });
const group = (o: Partial<CriteriaGroup>): CriteriaGroup => ({ population: null, area: null, epciPopulation: null, fiscalPotential: null, ...o });
const only = (g: Partial<CriteriaGroup>): Eligibility => ({ groups: [group(g)], condition: null });
const bound = (value: number, inclusive: boolean) => ({ value, inclusive });

describe('eligibility by population: bounds inclusive and exclusive', () => {
  const cases: [string, Partial<CriteriaGroup>, number | null, 'eligible' | 'ineligible' | 'unknown', string][] = [
    ['≤ 5 000 at 3 214', { population: { min: null, max: bound(5000, true) } }, 3214, 'eligible', 'population 3 214 ≤ 5 000 : éligible'],
    ['≤ 5 000 at 5 000', { population: { min: null, max: bound(5000, true) } }, 5000, 'eligible', 'population 5 000 ≤ 5 000 : éligible'],
    ['< 5 000 at 5 000', { population: { min: null, max: bound(5000, false) } }, 5000, 'ineligible', 'population 5 000 ≥ 5 000 : non éligible'],
    ['< 5 000 at 4 999', { population: { min: null, max: bound(5000, false) } }, 4999, 'eligible', 'population 4 999 < 5 000 : éligible'],
    ['≥ 2 000 at 2 000', { population: { min: bound(2000, true), max: null } }, 2000, 'eligible', 'population 2 000 ≥ 2 000 : éligible'],
    ['> 2 000 at 2 000', { population: { min: bound(2000, false), max: null } }, 2000, 'ineligible', 'population 2 000 ≤ 2 000 : non éligible'],
    ['> 2 000 et ≤ 20 000 at 172 569', { population: { min: bound(2000, false), max: bound(20000, true) } }, 172_569, 'ineligible', 'population 172 569 > 20 000 : non éligible'],
    ['> 2 000 et ≤ 20 000 at 3 500', { population: { min: bound(2000, false), max: bound(20000, true) } }, 3500, 'eligible', 'population 3 500 > 2 000 et 3 500 ≤ 20 000 : éligible'],
    ['missing population', { population: { min: null, max: bound(2000, true) } }, null, 'unknown', 'population inconnue (exigée ≤ 2 000) : à vérifier'],
  ];
  for (const [name, g, population, status, text] of cases) {
    it(name, () => {
      const r = evaluateEligibility(only(g), aCommune({ population }));
      expect(r.status).toBe(status);
      expect(r.reasons.map((x) => x.text.replace(/[\u202f\u00a0]/g, ' '))).toEqual([text]);
    });
  }
});

describe('eligibility by density, EPCI size and potentiel financier', () => {
  it('rural per the density grid: levels 5 to 7 rural, 1 to 4 urban; unknown level to check', () => {
    expect(evaluateEligibility(only({ area: 'rural' }), aCommune({ densityLevel: 5 })).status).toBe('eligible');
    expect(evaluateEligibility(only({ area: 'rural' }), aCommune({ densityLevel: 4 })).status).toBe('ineligible');
    expect(evaluateEligibility(only({ area: 'urban' }), aCommune({ densityLevel: 1 })).status).toBe('eligible');
    expect(evaluateEligibility(only({ area: 'rural' }), aCommune({ densityLevel: null })).status).toBe('unknown');
  });
  it('EPCI size and potentiel financier per inhabitant', () => {
    expect(evaluateEligibility(only({ epciPopulation: { min: null, max: bound(75_000, true) } }), aCommune()).status).toBe('ineligible');
    const fp = evaluateEligibility(only({ fiscalPotential: { min: null, max: bound(119_000, true) } }), aCommune());
    expect(fp.status).toBe('eligible');
    expect(fp.reasons[0]!.text.replace(/[\u202f\u00a0]/g, ' ')).toBe('potentiel financier 912,40 €/hab. ≤ 1 190,00 €/hab. : éligible');
  });
  it('alternative cases: DETR-like, eligible at 600 inhabitants, not for Saint-Étienne, with the reason of each case', () => {
    const detr = { groups: parseCriteriaText('population ≤ 2 000\npopulation > 2 000 et population ≤ 20 000 et potentiel financier ≤ 1 190 €'), condition: null };
    expect(evaluateEligibility(detr, aCommune({ population: 600 })).status).toBe('eligible');
    const se = evaluateEligibility(detr, aCommune({ name: 'Saint-Étienne', population: 172_569, fiscalPotentialCents: 134_626 }));
    expect(se.status).toBe('ineligible');
    expect(se.reasons.map((r) => r.text.replace(/[\u202f\u00a0]/g, ' '))).toEqual([
      'cas 1 : population 172 569 > 2 000 : non éligible',
      'cas 2 : population 172 569 > 20 000 : non éligible',
      'cas 2 : potentiel financier 1 346,26 €/hab. > 1 190,00 €/hab. : non éligible',
    ]);
    expect(evaluateEligibility(detr, aCommune({ population: 3000, fiscalPotentialCents: null })).status).toBe('unknown');
  });
  it('a free-text condition is shown as is and does not decide', () => {
    const r = evaluateEligibility({ groups: [], condition: 'Commune retenue dans le programme.' }, aCommune());
    expect(r).toEqual({ status: 'eligible', reasons: [{ ok: null, text: 'condition à vérifier : Commune retenue dans le programme.' }] });
  });
});

describe('eligibility by commune kind (audience) and perimeter', () => {
  const b = (o: Partial<SearchBeneficiary> = {}): SearchBeneficiary => ({ ...aCommune(), collectivityId: 'x', kind: 'commune', audience: 'commune', departmentCode: '42', regionCode: '84', densityYear: 2025, fiscalPotentialYear: 2025, ...o });
  const perimeter = { scale: 'department' as const, code: '42', name: 'Loire (42)' };
  it('a commune, a CCAS and the EPCI against an aid for communes', () => {
    const scheme = { audiences: ['commune' as const], perimeter, eligibility: { groups: [], condition: null } };
    expect(evaluateScheme(scheme, b()).status).toBe('eligible');
    expect(evaluateScheme(scheme, b({ kind: 'ccas', audience: 'publicOrg' })).reasons[0]!.text).toBe("bénéficiaire : CCAS, l'aide vise : communes : non éligible");
    expect(evaluateScheme(scheme, b({ kind: 'epci', audience: 'epci' })).status).toBe('ineligible');
  });
  it('outside the department is ineligible, an unknown department to check', () => {
    const scheme = { audiences: [], perimeter: { scale: 'department' as const, code: '43', name: 'Haute-Loire (43)' }, eligibility: { groups: [], condition: null } };
    expect(evaluateScheme(scheme, b()).status).toBe('ineligible');
    expect(evaluateScheme(scheme, b({ departmentCode: null })).status).toBe('unknown');
  });
});

describe('open rule (today is given)', () => {
  const today = '2026-12-01';
  const cases: [string, { status: 'draft' | 'published' | 'expired'; deadline: string | null; recurrence: 'oneOff' | 'ongoing' | 'recurring' }, boolean][] = [
    ['deadline today', { status: 'published', deadline: today, recurrence: 'oneOff' }, true],
    ['deadline tomorrow', { status: 'published', deadline: '2026-12-02', recurrence: 'oneOff' }, true],
    ['deadline yesterday', { status: 'published', deadline: '2026-11-30', recurrence: 'oneOff' }, false],
    ['no deadline', { status: 'published', deadline: null, recurrence: 'recurring' }, true],
    ['ongoing with a past date', { status: 'published', deadline: '2020-01-01', recurrence: 'ongoing' }, true],
    ['a draft', { status: 'draft', deadline: null, recurrence: 'ongoing' }, false],
    ['expired', { status: 'expired', deadline: '2030-01-01', recurrence: 'oneOff' }, false],
  ];
  for (const [name, scheme, open] of cases) it(name, () => expect(isOpen(scheme, today)).toBe(open));
  it('past deadline (to mark expired) is the complement for published non-ongoing aids', () => {
    expect(isPastDeadline({ deadline: '2026-11-30', recurrence: 'oneOff' }, today)).toBe(true);
    expect(isPastDeadline({ deadline: '2026-11-30', recurrence: 'ongoing' }, today)).toBe(false);
  });
});

describe('criteria written as text', () => {
  it('reads French operators, spaces and euros, and writes back the same', () => {
    const text = "population > 2 000 et population ≤ 20 000 et potentiel financier ≤ 1 190 €\ncommune rurale et population de l'EPCI < 50 000";
    const groups = parseCriteriaText(text);
    expect(groups[0]).toEqual(group({ population: { min: bound(2000, false), max: bound(20000, true) }, fiscalPotential: { min: null, max: bound(119_000, true) } }));
    expect(groups[1]).toEqual(group({ area: 'rural', epciPopulation: { min: null, max: bound(50_000, false) } }));
    expect(parseCriteriaText(formatCriteriaText(groups))).toEqual(groups);
    expect(parseCriteriaText('population <= 3500 | commune urbaine')).toHaveLength(2);
  });
  it('names the line and the term it cannot read', () => {
    expect(() => parseCriteriaText('population ≤ 2 000\npop > 3')).toThrow(new CriteriaTextError("ligne 2 : « pop > 3 » n'est pas un critère reconnu (attendu : « population », « population de l'EPCI » ou « potentiel financier » suivi de <, ≤, > ou ≥ et d'un nombre, ou « commune rurale » / « commune urbaine »)."));
    expect(() => parseCriteriaText('population ≤ deux mille')).toThrow(CriteriaTextError);
  });
  it('refuses a minimum above the maximum, and more than three cases', () => {
    expect(eligibilityProblem({ groups: parseCriteriaText('population ≥ 5 000 et population ≤ 2 000'), condition: null })).toMatch(/^Le minimum sur la population \(≥ 5\u202f000\) dépasse le maximum \(≤ 2\u202f000\)/);
    expect(eligibilityProblem({ groups: parseCriteriaText('population > 2 000 et population < 2 001'), condition: null })).not.toBeNull();
    expect(eligibilityProblem({ groups: parseCriteriaText('population ≥ 2 000 et population ≤ 2 000'), condition: null })).toBeNull();
    expect(eligibilityProblem({ groups: parseCriteriaText('population < 1\npopulation < 2\npopulation < 3\npopulation < 4'), condition: null })).toMatch(/au plus 3 cas/);
  });
  it('the SQL bounds are the inclusive integer form of the stated bounds', () => {
    expect(eligibilityBounds({ groups: parseCriteriaText('population > 2 000 et population < 20 000 et commune rurale'), condition: null })).toEqual([2001, 19999, 5, 7, null, null, null, null]);
  });
  it('property: a stated range and its inclusive integer bounds agree on every population', () => {
    const b = fc.record({ value: fc.integer({ min: 0, max: 50_000 }), inclusive: fc.boolean() });
    fc.assert(
      fc.property(fc.option(b, { nil: null }), fc.option(b, { nil: null }), fc.integer({ min: 0, max: 60_000 }), (min, max, population) => {
        const elig = only({ population: { min, max } });
        const [lo = null, hi = null] = eligibilityBounds(elig);
        const sql = (lo === null || population >= lo) && (hi === null || population <= hi);
        return (evaluateEligibility(elig, aCommune({ population })).status === 'eligible') === sql;
      }),
    );
  });
});

describe('scheme input', () => {
  const base = { name: 'Aide', description: 'Texte', funders: ['État'], level: 'national', perimeterScale: 'france', audiences: ['commune'], aidTypes: ['grant'], recurrence: 'ongoing', status: 'published' };
  it('accepts French labels for the lists, refuses a min population above the max naming the field', () => {
    const ok = validateScheme({ ...base, aidTypes: ['Subvention'], level: 'Région', perimeterScale: 'region', perimeterCode: '84' }, perimeterNamer('SEM'));
    expect(ok.scheme?.aidTypes).toEqual(['grant']);
    expect(ok.scheme?.perimeter.name).toBe('Région Auvergne-Rhône-Alpes');
    const bad = validateScheme({ ...base, criteria: 'population ≥ 5000 et population ≤ 2000', rateMin: '60', rateMax: '40', deadline: '2026-02-30' }, perimeterNamer('SEM'));
    expect(bad.problems.map((p) => p.field)).toEqual(['rateMin', 'criteria', 'deadline']);
  });
});

describe('French search words', () => {
  it('keeps words that say something, folded later for the accent-free match', () => {
    expect(queryWords("Rénovation d'école et des bâtiments")).toEqual(['rénovation', 'école', 'bâtiments']);
    expect(queryWords("'; drop table x; --")).toEqual(['drop', 'table']);
    expect(foldAccents('ÉCOLES Rénovées, œuvre')).toBe('ecoles renovees, oeuvre');
  });
});

describe('fonds de concours ceiling (CGCT L5215-26, L5216-5 VI, L5214-16 V)', () => {
  it('at most half of the cost net of other subsidies, to the cent, the odd cent to the commune', () => {
    expect(contributionCeiling(Cents.of(42_000_000), Cents.of(12_600_000))).toBe(14_700_000);
    expect(contributionCeiling(Cents.of(101), Cents.of(0))).toBe(50);
    expect(contributionCeiling(Cents.of(100), Cents.of(150))).toBe(0);
  });
  it('property: the commune always bears at least as much as the fund', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (cost, other) => {
        const f = contributionCeiling(Cents.of(cost), Cents.of(other));
        return f >= 0 && (cost - other <= 0 ? f === 0 : cost - other - f >= f && cost - other - f - f <= 1);
      }),
    );
  });
  it('a granted fund needs both deliberations and stays under the ceiling', () => {
    const d = { body: 'Bureau', date: '2025-09-21', reference: 'B-1', deliberationId: null };
    const input = { amountCents: Cents.of(8_000_000), projectCostCents: Cents.of(42_000_000), otherSubsidiesCents: Cents.of(12_600_000), epciDeliberation: d, communeDeliberation: d };
    expect(contributionProblem(input)).toBeNull();
    expect(contributionProblem({ ...input, communeDeliberation: null })?.field).toBe('communeDate');
    expect(contributionProblem({ ...input, amountCents: Cents.of(14_700_001) })?.message).toMatch(/au plus 147\u202f000,00/);
  });
  it('own share of the cost (CGCT L1111-10 III)', () => {
    expect(ownShareTenths(Cents.of(100_000), Cents.of(85_000))).toBe(150);
  });
});
