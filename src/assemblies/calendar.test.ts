import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, easterSunday, francDays, frenchPublicHolidays, parisInstant, parisTimeOf } from './calendar.ts';

describe('French public holidays', () => {
  it.each([
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2038, '2038-04-25'],
  ])('Easter %i is on %s', (year, date) => expect(easterSunday(year)).toBe(date));

  it('computes Easter Monday, Ascension and Whit Monday from Easter (2020)', () => {
    const holidays = frenchPublicHolidays(2020);
    expect(holidays).toHaveLength(11);
    expect(holidays.find((h) => h.name === 'lundi de Pâques')?.date).toBe('2020-04-13');
    expect(holidays.find((h) => h.name === 'Ascension')?.date).toBe('2020-05-21');
    expect(holidays.find((h) => h.name === 'lundi de Pentecôte')?.date).toBe('2020-06-01');
  });
});

describe('jours francs (the sending day and the sitting day do not count; weekends and holidays do)', () => {
  it.each([
    // [sent, sitting, count, weekend days, holidays]
    ['2020-01-14', '2020-01-27', 12, 4, []], // the reference: convened on 14 January for 27 January
    ['2020-01-24', '2020-01-30', 5, 2, []], // across a weekend
    ['2020-04-08', '2020-04-14', 5, 2, ['lundi de Pâques']], // across a weekend and Easter Monday
    ['2020-01-28', '2020-02-03', 5, 2, []], // across a month end
    ['2020-02-27', '2020-03-03', 4, 2, []], // across the end of February of a leap year (29th)
    ['2020-12-30', '2021-01-04', 4, 2, ["jour de l'an"]], // across a year end and New Year's day
    ['2020-01-26', '2020-01-27', 0, 0, []], // the day before: none
  ])('sent %s, sitting %s: %i jours francs', (sent, sitting, count, weekend, holidays) => {
    const days = francDays(sent, sitting);
    expect(days.count).toBe(count);
    expect(days.weekendDays).toBe(weekend);
    expect(days.holidays.map((h) => h.name)).toEqual(holidays);
  });

  it('is always the calendar distance minus one (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 60 }), (d, n) => {
        const sent = d.toISOString().slice(0, 10);
        const sitting = addDays(sent, n);
        expect(daysBetween(sent, sitting)).toBe(n);
        expect(francDays(sent, sitting).count).toBe(n - 1);
      }),
    );
  });
});

describe('sitting times in Europe/Paris', () => {
  it.each([
    ['2020-01-27', '18:00', '2020-01-27T17:00:00.000Z'], // winter time, UTC+1
    ['2020-06-15', '18:00', '2020-06-15T16:00:00.000Z'], // summer time, UTC+2
    ['2020-03-29', '09:30', '2020-03-29T07:30:00.000Z'], // the morning of the change to summer time
  ])('%s at %s is %s', (date, time, instant) => {
    expect(parisInstant(date, time)).toBe(instant);
    expect(parisTimeOf(instant)).toBe(time);
  });
});
