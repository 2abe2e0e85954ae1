import { describe, expect, it } from 'vitest';
import { formatPercent, parsePercent, schemeProblems, type ChargingScheme } from './charging-scheme.ts';

const participants = new Set(['a', 'b']);

describe('charging scheme validation', () => {
  it.each([
    ['60/40 population and use', { components: [{ percent: '60', rule: { kind: 'driver', driver: 'population' } }, { percent: '40', rule: { kind: 'units', unit: 'heure', notifiedUnitCents: 4537, notifiedOn: '2019-01-15' } }] }, []],
    ['fixed shares of exactly 100', { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'a', percent: '33.333334' }, { collectivityId: 'b', percent: '66,666666' }] } }] }, []],
  ] as [string, ChargingScheme, string[]][])('%s is valid', (_name, scheme, fields) => {
    expect(schemeProblems(scheme, participants).map((p) => p.field)).toEqual(fields);
  });

  it('names the shares that make 99,99 %', () => {
    const scheme: ChargingScheme = { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'a', percent: '50' }, { collectivityId: 'b', percent: '49.99' }] } }] };
    expect(schemeProblems(scheme, participants)).toEqual([
      { field: 'components[0].rule.shares', message: 'Règle 1 : les parts fixes totalisent 99,99 % au lieu de 100 %.' },
    ]);
  });

  it('refuses a share for a collectivity outside the service, and components not adding to 100', () => {
    const outsider: ChargingScheme = { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'z', percent: '100' }] } }] };
    expect(schemeProblems(outsider, participants)[0]?.field).toBe('components[0].rule.shares[0].collectivityId');
    const short: ChargingScheme = { components: [{ percent: '60', rule: { kind: 'driver', driver: 'population' } }] };
    expect(schemeProblems(short, participants)[0]?.message).toBe('Les parts des règles totalisent 60 % au lieu de 100 %.');
  });

  it('parses and prints percents exactly', () => {
    expect(parsePercent('12,5')).toBe(12_500_000n);
    expect(parsePercent('1e2')).toBeNull();
    expect(formatPercent(99_990_000n)).toBe('99,99');
  });
});
