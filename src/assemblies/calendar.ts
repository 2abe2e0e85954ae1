// Pure calendar rules of assemblies (part of the module's model): jours francs, French public holidays,
// sitting times in Europe/Paris. No clock: every date is passed in.

const DAY_MS = 86_400_000;

function utcDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** date + n days (YYYY-MM-DD, calendar arithmetic). */
export function addDays(date: string, days: number): string {
  return isoOf(utcDay(date) + days * DAY_MS);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcDay(b) - utcDay(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(utcDay(date)).getUTCDay();
}

export const WEEKDAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface PublicHoliday {
  readonly date: string;
  readonly name: string;
}

/** The eleven public holidays of the Code du travail (L3133-1), Easter-based ones computed. */
export function frenchPublicHolidays(year: number): PublicHoliday[] {
  const easter = easterSunday(year);
  const fixed = (md: string, name: string) => ({ date: `${year}-${md}`, name });
  return [
    fixed('01-01', "jour de l'an"),
    { date: addDays(easter, 1), name: 'lundi de Pâques' },
    fixed('05-01', 'fête du Travail'),
    fixed('05-08', 'victoire de 1945'),
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'lundi de Pentecôte' },
    fixed('07-14', 'fête nationale'),
    fixed('08-15', 'Assomption'),
    fixed('11-01', 'Toussaint'),
    fixed('11-11', 'armistice de 1918'),
    fixed('12-25', 'Noël'),
  ].sort((x, y) => (x.date < y.date ? -1 : 1));
}

export interface FrancDays {
  /** Days strictly between the sending day and the sitting day. */
  readonly count: number;
  /** Of them, Saturdays and Sundays (they count). */
  readonly weekendDays: number;
  /** Of them, public holidays (they count too). */
  readonly holidays: readonly PublicHoliday[];
}

/**
 * Jours francs between a convocation sent on `sentOn` and a sitting on `sittingDate` (CGCT L2121-11, L2121-12):
 * neither the sending day nor the sitting day counts; weekends and public holidays do.
 */
export function francDays(sentOn: string, sittingDate: string): FrancDays {
  const count = Math.max(0, daysBetween(sentOn, sittingDate) - 1);
  let weekendDays = 0;
  const holidays: PublicHoliday[] = [];
  const years = new Map<number, PublicHoliday[]>();
  for (let i = 1; i <= count; i++) {
    const day = addDays(sentOn, i);
    const wd = weekday(day);
    if (wd === 0 || wd === 6) weekendDays++;
    const year = Number(day.slice(0, 4));
    if (!years.has(year)) years.set(year, frenchPublicHolidays(year));
    const holiday = years.get(year)!.find((h) => h.date === day);
    if (holiday) holidays.push(holiday);
  }
  return { count, weekendDays, holidays };
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return TIME.test(value);
}

/** Minutes east of UTC of Europe/Paris at an instant. */
function parisOffsetMinutes(instantMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - instantMs) / 60_000);
}

/** The UTC instant of a Paris wall-clock date and time ("2020-01-27", "18:00" → 2020-01-27T17:00:00.000Z). */
export function parisInstant(date: string, time: string): string {
  const wall = Date.parse(`${date}T${time}:00Z`);
  let guess = wall - parisOffsetMinutes(wall) * 60_000;
  guess = wall - parisOffsetMinutes(guess) * 60_000;
  return new Date(guess).toISOString();
}

/** The Paris wall-clock time of an instant: "18:00". */
export function parisTimeOf(instant: string): string {
  const ms = Date.parse(instant);
  return new Date(ms + parisOffsetMinutes(ms) * 60_000).toISOString().slice(11, 16);
}

/** "18:00" → "18 h 00". */
export function formatTime(time: string): string {
  return time.replace(':', ' h ');
}
