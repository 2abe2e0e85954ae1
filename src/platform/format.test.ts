import { describe, expect, it } from 'vitest';
import { formatCents, formatInteger, formatLegalDate, formatLongDate, parseLegalDate, formatInstant } from './format.ts';

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('French formats', () => {
  it('formats money with French typography', () => {
    expect(plain(formatCents(123456789))).toBe('1 234 567,89 €');
    expect(plain(formatCents(5))).toBe('0,05 €');
    expect(plain(formatCents(-5598658))).toBe('−55 986,58 €');
  });

  it('formats integers', () => {
    expect(plain(formatInteger(407700))).toBe('407 700');
    expect(formatInteger(53)).toBe('53');
  });

  it('keeps the precision of legal dates', () => {
    expect(formatLegalDate(parseLegalDate('2015')!)).toBe('2015');
    expect(formatLegalDate(parseLegalDate('2017-02')!)).toBe('février 2017');
    expect(formatLegalDate(parseLegalDate('2020-01-27')!)).toBe('27/01/2020');
    expect(formatLongDate('2020-02-01')).toBe('1er février 2020');
  });

  it('rejects impossible dates', () => {
    expect(parseLegalDate('2021-02-29')).toBeNull();
    expect(parseLegalDate('2020-13')).toBeNull();
    expect(parseLegalDate('27/01/2020')).toBeNull();
    expect(parseLegalDate('2020-02-29')).toEqual({ value: '2020-02-29', precision: 'day' });
  });

  it('prints instants in the Europe/Paris calendar', () => {
    expect(formatInstant('2020-01-27T17:30:00Z')).toBe('27/01/2020 à 18:30:00');
    expect(formatInstant('2020-07-01T21:59:00Z')).toBe('01/07/2020 à 23:59:00');
  });
});
