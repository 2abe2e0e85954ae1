import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChargingScheme } from '../agreements/charging-scheme.ts';
import { Cents } from '../platform/money.ts';
import { computeCharging } from './engine.ts';
import { scheduleInstallments, settle, totalsByParticipant, type ChargingResult, type SupportCentre } from './model.ts';
import { aCostLine, anInput, aParticipant, aService } from './testing.ts';

const only = (id: string): ChargingScheme => ({ components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: id, percent: '100' }] } }] });
const byParticipant = (result: ChargingResult): Record<string, number> => Object.fromEntries(totalsByParticipant(result.lines));

describe('units of work (CGCT D5211-16)', () => {
  it('charges the notified unit cost × actual units: 45,37 €/h × 1 234 h = 55 986,58 €, the provider bearing the gap', () => {
    const service = aService({ participants: [aParticipant('a', '42218')], scheme: { components: [{ percent: '100', rule: { kind: 'units', unit: 'heure', notifiedUnitCents: 4537, notifiedOn: '2018-11-15' } }] } });
    const result = computeCharging(
      anInput({
        services: [service],
        costLines: [aCostLine({ amountCents: 5_800_000 })],
        workUnits: [
          { id: 'u1', serviceId: 's1', collectivityId: 'a', on: '2019-03-01', units: '1000', description: 'Instruction ADS' },
          { id: 'u2', serviceId: 's1', collectivityId: 'a', on: '2019-09-01', units: '234', description: 'Instruction ADS' },
        ],
      }),
    );
    expect(result.problems).toEqual([]);
    expect(byParticipant(result)).toEqual({ a: 5_598_658 });
    expect(result.services[0]!.units[0]).toMatchObject({ totalUnits: '1234', costCents: 5_800_000, billedCents: 5_598_658, providerGapCents: 201_342, actualUnitCents: 4700 });
  });
});

describe('support services (rule 6)', () => {
  // IT 100 000 € (20 % to HR, 50 % to A, 30 % to B), HR 50 000 € (10 % to IT, 40 % to A, 50 % to B)
  const centres: SupportCentre[] = [
    { id: 'it', code: 'IT', name: 'Informatique', order: 1, shares: [{ recipient: { kind: 'centre', id: 'hr' }, percent: '20' }, { recipient: { kind: 'service', id: 'A' }, percent: '50' }, { recipient: { kind: 'service', id: 'B' }, percent: '30' }] },
    { id: 'hr', code: 'HR', name: 'Ressources humaines', order: 2, shares: [{ recipient: { kind: 'centre', id: 'it' }, percent: '10' }, { recipient: { kind: 'service', id: 'A' }, percent: '40' }, { recipient: { kind: 'service', id: 'B' }, percent: '50' }] },
  ];
  const input = (method: 'reciprocal' | 'stepDown') =>
    anInput({
      supportMethod: method,
      services: [aService({ id: 'A', code: 'A', scheme: only('a') }), aService({ id: 'B', code: 'B', scheme: only('b') })],
      centres,
      costLines: [aCostLine({ serviceId: null, centreId: 'it', category: 'operating', amountCents: 10_000_000 }), aCostLine({ serviceId: null, centreId: 'hr', category: 'staff', amountCents: 5_000_000 })],
    });

  it('reciprocal: the exact solution of the linear system, A 82 142,86 € and B 67 857,14 €', () => {
    const result = computeCharging(input('reciprocal'));
    expect(result.problems).toEqual([]);
    expect(byParticipant(result)).toEqual({ a: 8_214_286, b: 6_785_714 });
    expect(result.supportMethod).toBe('reciprocal');
    expect(result.lines.every((l) => l.category === 'support')).toBe(true);
  });

  it('step-down with IT first: A 81 111,11 € and B 68 888,89 €', () => {
    const result = computeCharging(input('stepDown'));
    expect(result.problems).toEqual([]);
    expect(byParticipant(result)).toEqual({ a: 8_111_111, b: 6_888_889 });
  });

  it('refuses centres that only serve each other under the reciprocal method', () => {
    const closed: SupportCentre[] = [
      { id: 'it', code: 'IT', name: 'Informatique', order: 1, shares: [{ recipient: { kind: 'centre', id: 'hr' }, percent: '100' }] },
      { id: 'hr', code: 'HR', name: 'RH', order: 2, shares: [{ recipient: { kind: 'centre', id: 'it' }, percent: '100' }] },
    ];
    expect(computeCharging({ ...input('reciprocal'), centres: closed }).problems[0]?.message).toMatch(/pas de solution/);
  });

  it('names a support centre whose shares make 99,99 %', () => {
    const short: SupportCentre[] = [{ id: 'it', code: 'IT', name: 'Informatique', order: 1, shares: [{ recipient: { kind: 'service', id: 'A' }, percent: '99.99' }] }];
    const costLines = input('reciprocal').costLines.filter((l) => l.centreId === 'it');
    expect(computeCharging({ ...input('reciprocal'), centres: short, costLines }).problems).toEqual([{ field: 'centres.IT.shares', message: 'Fonction support Informatique : les parts totalisent 99,99 % au lieu de 100 %.' }]);
  });
});

describe('rules 1, 2, 4, 5 and their combination', () => {
  it('splits 60 % by population and 40 % by use, each line into its components first, ties by INSEE code', () => {
    const scheme: ChargingScheme = {
      components: [
        { percent: '60', rule: { kind: 'driver', driver: 'population' } },
        { percent: '40', rule: { kind: 'fixed', shares: [{ collectivityId: 'a', percent: '50' }, { collectivityId: 'b', percent: '50' }] } },
      ],
    };
    const result = computeCharging(
      anInput({
        services: [aService({ scheme })],
        costLines: [aCostLine({ amountCents: 1001 })],
        drivers: [{ collectivityId: 'a', driver: 'population', value: '1' }, { collectivityId: 'b', driver: 'population', value: '1' }],
      }),
    );
    // 1001 → 601 (60 %) + 400 (40 %); 601 by equal populations: the odd cent goes to the lower INSEE code (42207 = b)
    expect(result.lines.map((l) => [l.collectivityId, l.component?.index, l.amountCents])).toEqual([
      ['b', 0, 301],
      ['a', 0, 300],
      ['a', 1, 200],
      ['b', 1, 200],
    ]);
    expect(result.lines[0]!.explanation).toEqual({ rule: 'driver', driver: 'population', value: '1', total: '2' });
  });

  it('charges a line attributed to one participant to it alone (rule 4)', () => {
    const result = computeCharging(anInput({ costLines: [aCostLine({ amountCents: 12_345, attributedTo: 'b' })], drivers: [{ collectivityId: 'a', driver: 'population', value: '10' }, { collectivityId: 'b', driver: 'population', value: '10' }] }));
    expect(byParticipant(result)).toEqual({ b: 12_345 });
    expect(result.lines[0]!.explanation).toEqual({ rule: 'direct' });
  });

  it('adds overhead at the scheme rate on direct costs, spread like its base (rule 5)', () => {
    const scheme: ChargingScheme = { components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }], overheadPercent: '7,5' };
    const result = computeCharging(
      anInput({
        services: [aService({ scheme })],
        costLines: [aCostLine({ amountCents: 100_000 }), aCostLine({ amountCents: 40_000, attributedTo: 'a' })],
        drivers: [{ collectivityId: 'a', driver: 'population', value: '3' }, { collectivityId: 'b', driver: 'population', value: '1' }],
      }),
    );
    expect(result.services[0]!.overheadRateCents).toBe(10_500);
    // base: a 75 000 + 40 000 = 115 000, b 25 000; 10 500 × 115/140 = 8 625, × 25/140 = 1 875
    const overhead = result.lines.filter((l) => l.category === 'overhead');
    expect(overhead.map((l) => [l.collectivityId, l.amountCents])).toEqual([['b', 1875], ['a', 8625]]);
    expect(byParticipant(result)).toEqual({ a: 75_000 + 40_000 + 8625, b: 25_000 + 1875 });
  });

  it('names the participant whose driver value is missing, and the scheme short of 100 %', () => {
    const missing = computeCharging(anInput({ costLines: [aCostLine()], drivers: [{ collectivityId: 'a', driver: 'population', value: '10' }] }));
    expect(missing.problems).toEqual([{ field: 'services.S1.scheme.components[0].drivers.42207', message: 'Service commun : valeur de l’inducteur « population » manquante pour Collectivité b.' }]);
    expect(missing.lines).toEqual([]);
    const short = computeCharging(anInput({ services: [aService({ scheme: { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: 'a', percent: '50' }, { collectivityId: 'b', percent: '49,99' }] } }] } })] }));
    expect(short.problems[0]!.message).toBe('Service commun : Règle 1 : les parts fixes totalisent 99,99 % au lieu de 100 %.');
  });

  it('refuses negative units of work, naming the use', () => {
    const service = aService({ scheme: { components: [{ percent: '100', rule: { kind: 'units', unit: 'heure', notifiedUnitCents: 4537, notifiedOn: '2018-11-15' } }] } });
    const result = computeCharging(anInput({ services: [service], workUnits: [{ id: 'u1', serviceId: 's1', collectivityId: 'a', on: '2019-03-01', units: '-3', description: 'x' }] }));
    expect(result.problems[0]).toEqual({ field: 'workUnits.u1.units', message: 'Service commun : nombre d’unités « -3 » invalide (nombre positif attendu).' });
  });
});

describe('installments and settlement', () => {
  it('schedules the provisional total per the agreement, parts adding up', () => {
    expect(scheduleInstallments(Cents.of(100_001), [{ dueOn: '2019-03-31', percent: '50' }, { dueOn: '2019-09-30', percent: '50' }]).map((i) => i.amountCents)).toEqual([50_001, 50_000]);
  });
  it('settles final − installments paid, a refund when negative', () => {
    expect(settle(Cents.of(90_000), [Cents.of(50_000), Cents.of(50_000)])).toEqual({ finalCents: 90_000, paidCents: 100_000, settlementCents: -10_000, kind: 'refund' });
  });
});

// ---------- properties ----------
const tieKeys = fc.uniqueArray(fc.stringMatching(/^\d{5}$/), { minLength: 1, maxLength: 8 });
const decimal = fc.oneof(fc.nat({ max: 500_000 }).map(String), fc.tuple(fc.nat({ max: 9999 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`));
const amount = fc.integer({ min: 0, max: 1e11 });

describe('properties', () => {
  it('parts add up to each cost line, to the cent, whatever the combination of rules', () => {
    fc.assert(
      fc.property(tieKeys, fc.array(amount, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 99 }), fc.array(decimal, { minLength: 8, maxLength: 8 }), (keys, amounts, popPercent, values) => {
        const participants = keys.map((k) => aParticipant(`p${k}`, k));
        const drivers = participants.map((p, i) => ({ collectivityId: p.collectivityId, driver: 'population', value: i === 0 && values[0] === '0' ? '1' : values[i]! }));
        if (drivers.every((d) => /^0(\.0+)?$/.test(d.value))) drivers[0] = { ...drivers[0]!, value: '1' };
        const scheme: ChargingScheme = {
          components: [
            { percent: String(popPercent), rule: { kind: 'driver', driver: 'population' } },
            { percent: String(100 - popPercent), rule: { kind: 'fixed', shares: [{ collectivityId: participants[0]!.collectivityId, percent: '100' }] } },
          ],
        };
        const costLines = amounts.map((a) => aCostLine({ amountCents: a }));
        const result = computeCharging(anInput({ services: [aService({ participants, scheme })], costLines, drivers }));
        expect(result.problems).toEqual([]);
        for (const line of costLines) {
          expect(result.lines.filter((l) => l.costLineId === line.id).reduce((a, l) => a + l.amountCents, 0)).toBe(line.amountCents);
        }
      }),
    );
  });

  it('with a single-driver rule, a participant whose driver is zero pays nothing', () => {
    fc.assert(
      fc.property(tieKeys.filter((k) => k.length >= 2), fc.array(decimal, { minLength: 8, maxLength: 8 }), amount, (keys, values, cents) => {
        const participants = keys.map((k) => aParticipant(`p${k}`, k));
        const drivers = participants.map((p, i) => ({ collectivityId: p.collectivityId, driver: 'population', value: i === 0 ? '0' : values[i] === '0' ? '7' : values[i]! }));
        const result = computeCharging(anInput({ services: [aService({ participants })], costLines: [aCostLine({ amountCents: cents })], drivers }));
        expect(result.problems).toEqual([]);
        expect(totalsByParticipant(result.lines).get(participants[0]!.collectivityId) ?? 0).toBe(0);
        expect(result.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(cents);
      }),
    );
  });

  it('reciprocal allocation leaves support centres at zero: everything they cost reaches the services', () => {
    const share = fc.integer({ min: 0, max: 49 });
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, share, share), { minLength: 1, maxLength: 5 }), (specs) => {
        const centres: SupportCentre[] = specs.map(([, toNext, toA], i) => ({
          id: `c${i}`,
          code: `C${i}`,
          name: `Support ${i}`,
          order: i,
          shares: [
            ...(specs.length > 1 && toNext > 0 ? [{ recipient: { kind: 'centre' as const, id: `c${(i + 1) % specs.length}` }, percent: String(toNext) }] : []),
            ...(toA > 0 ? [{ recipient: { kind: 'service' as const, id: 'A' }, percent: String(toA) }] : []),
            { recipient: { kind: 'service' as const, id: 'B' }, percent: String(100 - (specs.length > 1 ? toNext : 0) - toA) },
          ],
        }));
        const costLines = specs.map(([cents], i) => aCostLine({ serviceId: null, centreId: `c${i}`, amountCents: cents }));
        const services = [aService({ id: 'A', code: 'A', scheme: only('a') }), aService({ id: 'B', code: 'B', scheme: only('b') })];
        for (const method of ['reciprocal', 'stepDown'] as const) {
          const result = computeCharging(anInput({ services, centres, costLines, supportMethod: method }));
          expect(result.problems).toEqual([]);
          const received = result.services.flatMap((s) => s.supportReceived).reduce((a, r) => a + r.cents, 0);
          expect(received).toBe(specs.reduce((a, [cents]) => a + cents, 0));
          expect(result.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(received);
        }
      }),
    );
  });

  it('installments paid + settlement = final', () => {
    fc.assert(
      fc.property(amount, fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1e11 }), (provisional, weights, final) => {
        const plan = weights.map((w, i) => ({ dueOn: `2019-${String((i % 12) + 1).padStart(2, '0')}-01`, percent: String(w) }));
        const installments = scheduleInstallments(Cents.of(provisional), plan);
        expect(installments.reduce((a, i) => a + i.amountCents, 0)).toBe(provisional);
        const s = settle(Cents.of(final), installments.map((i) => i.amountCents));
        expect(s.paidCents + s.settlementCents).toBe(final);
      }),
    );
  });
});

describe('exact rationals', () => {
  it('prints terminating decimals and fractions', async () => {
    const { q, toText, roundHalfAway } = await import('./rational.ts');
    expect([toText(q(1234n)), toText(q(25n, 2n)), toText(q(1n, 3n)), toText(q(-1n, 8n))]).toEqual(['1234', '12.5', '1/3', '-0.125']);
    expect([roundHalfAway(q(5n, 2n)), roundHalfAway(q(-5n, 2n)), roundHalfAway(q(7n, 3n))]).toEqual([3n, -3n, 2n]);
  });
});
