import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cents, splitCents } from './money.ts';

const items = fc.uniqueArray(fc.record({ key: fc.stringMatching(/^\d{5}$/), weight: fc.nat({ max: 1_000_000 }) }), {
  minLength: 1,
  maxLength: 60,
  selector: (i) => i.key,
}).filter((list) => list.some((i) => i.weight > 0));

describe('splitCents', () => {
  it('parts always add up to the total, to the cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), items, (total, list) => {
        const parts = splitCents(Cents.of(total), list);
        expect([...parts.values()].reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('each part differs from its exact share by less than one cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), items, (total, list) => {
        const parts = splitCents(Cents.of(total), list);
        const sum = list.reduce((a, i) => a + BigInt(i.weight), 0n);
        for (const item of list) {
          // |part·sum − total·weight| < sum, in exact integers
          const gap = BigInt(parts.get(item.key)!) * sum - BigInt(total) * BigInt(item.weight);
          expect(gap < 0n ? -gap : gap).toBeLessThan(sum);
        }
      }),
    );
  });

  it('does not depend on the order of the items', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), items, (total, list) => {
        const forward = splitCents(Cents.of(total), list);
        const backward = splitCents(Cents.of(total), [...list].reverse());
        expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
      }),
    );
  });

  it('breaks ties by the stable key: 1 cent over three equal shares goes to the smallest code', () => {
    const parts = splitCents(Cents.of(100), [
      { key: '42218', weight: 1 },
      { key: '42095', weight: 1 },
      { key: '42207', weight: 1 },
    ]);
    expect(Object.fromEntries(parts)).toEqual({ '42095': 34, '42207': 33, '42218': 33 });
  });

  it('takes exact decimal weights', () => {
    const parts = splitCents(Cents.of(10_000), [
      { key: 'a', weight: '33.333' },
      { key: 'b', weight: '66.667' },
    ]);
    expect(Object.fromEntries(parts)).toEqual({ a: 3333, b: 6667 });
  });

  it('splits a refund symmetrically', () => {
    const parts = splitCents(Cents.of(-100), [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 2 },
    ]);
    expect(Object.fromEntries(parts)).toEqual({ a: -33, b: -67 });
  });

  it('refuses weights that sum to zero, negative weights and duplicate keys', () => {
    expect(() => splitCents(Cents.of(1), [{ key: 'a', weight: 0 }])).toThrow(/somme des poids est nulle/);
    expect(() => splitCents(Cents.of(1), [{ key: 'a', weight: -1 }])).toThrow(/Poids invalide/);
    expect(() => splitCents(Cents.of(1), [{ key: 'a', weight: 1 }, { key: 'a', weight: 1 }])).toThrow(/Clé en double/);
  });
});

describe('Cents.parseEuros', () => {
  it.each([
    ['1 234 567,89', 123456789],
    ['45,37', 4537],
    ['-12', -1200],
    ['0.5', 50],
    ['1\u202f000,00 €', 100000],
  ])('%s → %i cents', (text, cents) => {
    expect(Cents.parseEuros(text)).toBe(cents);
  });

  it.each(['', 'abc', '1,234', '1.2.3', '12,'])('%s is not an amount', (text) => {
    expect(Cents.parseEuros(text)).toBeNull();
  });
});
