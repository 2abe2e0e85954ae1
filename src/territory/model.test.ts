import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changeNature, filterCommunes, inForce, luhnValid, sirenValid, siretProblem, siretValid, sortCommunes, validatePopulationRows, type MemberCommune } from './model.ts';

describe('SIREN and SIRET check digits (Luhn)', () => {
  it.each([
    ['244200770', true], // Saint-Étienne Métropole
    ['214202186', true], // Ville de Saint-Étienne
    ['244200771', false],
    ['24420077', false],
  ])('SIREN %s → %s', (siren, valid) => expect(sirenValid(siren)).toBe(valid));

  it.each([
    ['21420218600018', null],
    ['21420218600019', 'Le SIRET est invalide (clé de contrôle de Luhn incorrecte).'],
    ['2142021860001', 'Le SIRET doit comporter 14 chiffres.'],
    ['24420077000018', 'Le SIRET doit commencer par le SIREN 214202186.'],
  ])('SIRET %s of the Ville de Saint-Étienne → %s', (siret, problem) => expect(siretProblem(siret, '214202186')).toBe(problem));

  it('La Poste establishments use their own rule (digit sum multiple of 5)', () => {
    expect(siretValid('35600000000001')).toBe(true);
  });

  it('any single-digit change breaks a valid SIREN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = [...'244200770'];
        digits[position] = String((Number(digits[position]) + delta) % 10);
        expect(luhnValid(digits.join(''))).toBe(false);
      }),
    );
  });
});

const commune = (name: string, inseeCode: string, population: number | null): MemberCommune => ({
  id: inseeCode,
  territoryId: 't',
  kind: 'commune',
  name,
  siren: null,
  siret: null,
  inseeCode,
  departmentCode: '42',
  postalCode: '42000',
  population,
});

describe('communes list', () => {
  const list = [commune('Saint-Étienne', '42218', 172569), commune('Firminy', '42095', 16838), commune('Éveux', '69086', null), commune('Saint-Chamond', '42207', 35586)];

  it('sorts by French collation, accents ignored', () => {
    expect(sortCommunes(list, 'nom', false).map((c) => c.name)).toEqual(['Éveux', 'Firminy', 'Saint-Chamond', 'Saint-Étienne']);
  });

  it('sorts by population, unknown last when descending', () => {
    expect(sortCommunes(list, 'population', true).map((c) => c.inseeCode)).toEqual(['42218', '42207', '42095', '69086']);
  });

  it('finds "saint etienne" without accents, and by INSEE code', () => {
    expect(filterCommunes(list, 'saint etienne').map((c) => c.inseeCode)).toEqual(['42218']);
    expect(filterCommunes(list, '4220').map((c) => c.inseeCode)).toEqual(['42207']);
  });
});

describe('effective-dated values', () => {
  const periods = [
    { nature: 'CA', fundingMode: 'FPU', validFrom: '2000-01-01', validTo: '2015-12-31' },
    { nature: 'CU', fundingMode: 'FPU', validFrom: '2016-01-01', validTo: '2017-12-31' },
    { nature: 'METRO', fundingMode: 'FPU', validFrom: '2018-01-01', validTo: null },
  ];

  it('picks the period in force on a date, bounds included', () => {
    expect(inForce(periods, '2015-12-31')?.nature).toBe('CA');
    expect(inForce(periods, '2016-01-01')?.nature).toBe('CU');
    expect(inForce(periods, '2026-11-28')?.nature).toBe('METRO');
    expect(inForce(periods, '1999-12-31')).toBeNull();
  });

  it('a new nature closes the open period the day before', () => {
    const result = changeNature([{ nature: 'CA', fundingMode: 'FPU', validFrom: '2000-01-01', validTo: null }], { nature: 'CU', fundingMode: 'FPU', validFrom: '2016-01-01' });
    expect(result).toEqual([
      { nature: 'CA', fundingMode: 'FPU', validFrom: '2000-01-01', validTo: '2015-12-31' },
      { nature: 'CU', fundingMode: 'FPU', validFrom: '2016-01-01', validTo: null },
    ]);
  });

  it('refuses a change dated before the current period, and unknown natures', () => {
    expect(changeNature(periods, { nature: 'CU', fundingMode: 'FPU', validFrom: '2017-06-01' })).toMatch(/déjà en vigueur/);
    expect(changeNature(periods, { nature: 'XX', fundingMode: 'FPU', validFrom: '2030-01-01' })).toMatch(/inconnue/);
  });
});

describe('population import validation', () => {
  const columns = ['code_insee', 'annee', 'type', 'population'];
  const known = new Set(['42218', '42207']);
  const rec = (line: number, code_insee: string, annee: string, type: string, population: string) => ({ line, values: { code_insee, annee, type, population } });

  it('accepts good rows, spaces in numbers included', () => {
    const { rows, problems } = validatePopulationRows([rec(2, '42218', '2021', 'municipale', '172 565'), rec(3, '42207', '2021', 'DGF', '36000')], columns, known);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { inseeCode: '42218', year: 2021, kind: 'municipale', value: 172565 },
      { inseeCode: '42207', year: 2021, kind: 'dgf', value: 36000 },
    ]);
  });

  it('names every bad cell by line and column, and keeps nothing', () => {
    const { rows, problems } = validatePopulationRows(
      [rec(2, '42218', '2021', 'municipale', '100'), rec(3, '99999', '20x1', 'légale', '-5'), rec(4, '42218', '2021', 'municipale', '101')],
      columns,
      known,
    );
    expect(rows).toEqual([]);
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:code_insee', '3:annee', '3:type', '3:population', '4:code_insee']);
    expect(problems[4]!.message).toMatch(/Doublon de la ligne 2/);
  });

  it('reports missing columns in the header', () => {
    const { problems } = validatePopulationRows([], ['code_insee', 'annee'], known);
    expect(problems.map((p) => p.column)).toEqual(['type', 'population']);
  });
});
