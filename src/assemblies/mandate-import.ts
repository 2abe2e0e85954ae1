// Pure validation of a members-and-mandates file (part of the module's model): every problem, located.
import type { ImportProblem } from '../platform/imports.ts';
import { isCalendarDate } from '../platform/format.ts';
import { CIVILITIES, MANDATE_ROLES, type Civility, type MandateRole, type Seat } from './model.ts';

export const MANDATE_COLUMNS = ['civilite', 'prenom', 'nom', 'commune', 'fonction', 'siege', 'debut', 'fin'] as const;
/** Optional: the rank in the ordre du tableau. */
export const OPTIONAL_MANDATE_COLUMNS = ['rang'] as const;

export interface MandateRow {
  readonly line: number;
  readonly civility: Civility;
  readonly firstName: string;
  readonly lastName: string;
  /** INSEE code of the commune represented, or null. */
  readonly communeInsee: string | null;
  readonly role: MandateRole;
  readonly seat: Seat;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly rank: number | null;
}

const ROLE_WORDS: Record<string, MandateRole> = {
  president: 'president',
  presidente: 'president',
  'vice-president': 'vicePresident',
  'vice-presidente': 'vicePresident',
  vicepresident: 'vicePresident',
  'conseiller delegue': 'delegatedCouncillor',
  'conseillere deleguee': 'delegatedCouncillor',
  conseiller: 'councillor',
  conseillere: 'councillor',
  membre: 'councillor',
};

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Reads "Président", "vice-présidente", "conseiller délégué"… or the code names. */
export function parseRole(text: string): MandateRole | null {
  const folded = fold(text).replace(/\(e\)|\(ere\)/g, '').replace(/\s*-\s*/g, '-').trim();
  if ((MANDATE_ROLES as readonly string[]).includes(text.trim())) return text.trim() as MandateRole;
  return ROLE_WORDS[folded] ?? ROLE_WORDS[folded.replace(/-/g, ' ')] ?? null;
}

/** Dates as AAAA-MM-JJ or JJ/MM/AAAA. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : t;
  return isCalendarDate(iso) ? iso : null;
}

/** Validates every line; the caller resolves communes (knownInsee) and writes only when no problem is found. */
export function validateMandateRows(
  records: readonly { line: number; values: Readonly<Record<string, string>> }[],
  columns: readonly string[],
  knownInsee: ReadonlySet<string>,
): { rows: MandateRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  for (const column of MANDATE_COLUMNS) if (!columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 0) return { rows: [], problems: [{ line: 2, column: 'nom', message: 'Le fichier ne contient aucune ligne de données.' }] };
  const rows: MandateRow[] = [];
  for (const { line, values } of records) {
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ line, column, message });
    const civility = (values.civilite ?? '').trim().replace(/^Mme\.$/, 'Mme').replace(/^M$/, 'M.');
    if (!(CIVILITIES as readonly string[]).includes(civility)) problem('civilite', `« ${values.civilite ?? ''} » : attendu « M. » ou « Mme ».`);
    const firstName = (values.prenom ?? '').trim();
    const lastName = (values.nom ?? '').trim();
    if (!firstName || firstName.length > 100) problem('prenom', 'Le prénom est obligatoire (100 caractères au plus).');
    if (!lastName || lastName.length > 100) problem('nom', 'Le nom est obligatoire (100 caractères au plus).');
    const insee = (values.commune ?? '').trim().toUpperCase();
    if (insee && !knownInsee.has(insee)) problem('commune', `La commune ${insee} n'est pas membre du territoire (code INSEE attendu).`);
    const role = parseRole(values.fonction ?? '');
    if (!role) problem('fonction', `« ${values.fonction ?? ''} » : attendu président, vice-président, conseiller délégué ou conseiller.`);
    const seatText = fold(values.siege ?? '');
    const seat: Seat | null = seatText === 'titulaire' || seatText === 'titular' ? 'titular' : seatText.startsWith('suppl') || seatText === 'substitute' ? 'substitute' : null;
    if (!seat) problem('siege', `« ${values.siege ?? ''} » : attendu « titulaire » ou « suppléant ».`);
    if (seat === 'substitute' && !insee) problem('commune', 'Un suppléant représente une commune : son code INSEE est obligatoire.');
    const validFrom = parseDate(values.debut ?? '');
    if (!validFrom) problem('debut', `« ${values.debut ?? ''} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ).`);
    const toText = (values.fin ?? '').trim();
    const validTo = toText ? parseDate(toText) : null;
    if (toText && !validTo) problem('fin', `« ${toText} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ).`);
    if (validFrom && validTo && validTo < validFrom) problem('fin', 'La fin du mandat précède son début.');
    const rankText = (values.rang ?? '').trim();
    const rank = rankText ? Number(rankText) : null;
    if (rankText && (!Number.isSafeInteger(rank) || rank! < 1 || rank! > 10_000)) problem('rang', `« ${rankText} » n'est pas un rang (entier positif).`);
    if (problems.length > before) continue;
    rows.push({ line, civility: civility as Civility, firstName, lastName, communeInsee: insee || null, role: role!, seat: seat!, validFrom: validFrom!, validTo, rank });
  }
  // One person holds one seat at a time in the body.
  const seen = new Map<string, MandateRow>();
  for (const row of rows) {
    const key = `${fold(row.firstName)}|${fold(row.lastName)}`;
    const other = seen.get(key);
    if (other && other.validFrom <= (row.validTo ?? '9999-12-31') && row.validFrom <= (other.validTo ?? '9999-12-31')) {
      problems.push({ line: row.line, column: 'nom', message: `${row.firstName} ${row.lastName} a déjà un mandat sur la même période (ligne ${other.line}).` });
    }
    seen.set(key, row);
  }
  return { rows: problems.length ? [] : rows, problems };
}
