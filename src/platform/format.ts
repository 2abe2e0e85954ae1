import type { Cents } from './money.ts';

const NARROW_NBSP = '\u202f';
const NBSP = '\u00a0';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NARROW_NBSP);
}

/** 123456789 → "1 234 567,89 €" (French typography: narrow no-break spaces, comma decimal). */
export function formatCents(cents: Cents | number): string {
  const negative = cents < 0;
  const abs = BigInt(Math.abs(cents));
  const euros = groupThousands((abs / 100n).toString());
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}${euros},${rest}${NBSP}€`;
}

/** 407700 → "407 700". */
export function formatInteger(value: number): string {
  if (!Number.isInteger(value)) throw new RangeError(`Entier attendu : ${value}`);
  return (value < 0 ? '−' : '') + groupThousands(Math.abs(value).toString());
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** How much of a legal date is known: "depuis 2015" (year), "en février 2017" (month), or a day. */
export type DatePrecision = 'year' | 'month' | 'day';

export interface LegalDate {
  /** YYYY, YYYY-MM or YYYY-MM-DD, matching the precision. */
  readonly value: string;
  readonly precision: DatePrecision;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when value is a real calendar date YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Parses "2015", "2017-02" or "2020-01-27" keeping its precision; null when not a date. */
export function parseLegalDate(text: string): LegalDate | null {
  const value = text.trim();
  if (/^\d{4}$/.test(value)) return { value, precision: 'year' };
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return Number(month[2]) >= 1 && Number(month[2]) <= 12 ? { value, precision: 'month' } : null;
  return isCalendarDate(value) ? { value, precision: 'day' } : null;
}

/** "27/01/2020", "février 2017", "2015". */
export function formatLegalDate(date: LegalDate): string {
  const [y, m, d] = date.value.split('-');
  if (date.precision === 'year') return y!;
  if (date.precision === 'month') return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${d}/${m}/${y}`;
}

/** "27/01/2020". */
export function formatDate(isoDate: string): string {
  return formatLegalDate({ value: isoDate.slice(0, 10), precision: 'day' });
}

/** "27 janvier 2020". */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${Number(d) === 1 ? '1er' : Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** An instant in the Europe/Paris calendar: "27/01/2020 à 18:30". */
export function formatInstant(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} à ${get('hour')}:${get('minute')}:${get('second')}`;
}
