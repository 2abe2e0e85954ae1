/** Kinds of collectivity that take part in pooling. */
export const COLLECTIVITY_KINDS = ['epci', 'commune', 'ccas', 'syndicate', 'publicEstablishment', 'otherEpci', 'other'] as const;
export type CollectivityKind = (typeof COLLECTIVITY_KINDS)[number];

export const COLLECTIVITY_KIND_LABELS: Record<CollectivityKind, string> = {
  epci: 'EPCI',
  commune: 'Commune',
  ccas: 'CCAS',
  syndicate: 'Syndicat',
  publicEstablishment: 'Établissement public',
  otherEpci: 'Autre EPCI',
  other: 'Autre collectivité',
};

/** Legal natures of an EPCI in the official data. */
export const EPCI_NATURES = ['METRO', 'CU', 'CA', 'CC', 'MET69'] as const;
export type EpciNature = (typeof EPCI_NATURES)[number];
export const EPCI_NATURE_LABELS: Record<string, string> = {
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
  CU: 'Communauté urbaine',
  CA: "Communauté d'agglomération",
  CC: 'Communauté de communes',
};

export const POPULATION_KINDS = ['municipale', 'totale', 'dgf'] as const;
export type PopulationKind = (typeof POPULATION_KINDS)[number];

export interface Collectivity {
  readonly id: string;
  readonly territoryId: string;
  readonly kind: CollectivityKind;
  readonly name: string;
  readonly siren: string | null;
  readonly siret: string | null;
  readonly inseeCode: string | null;
  readonly departmentCode: string | null;
  readonly postalCode: string | null;
}

/** A commune as listed for the territory: with its population of the chosen year and kind. */
export interface MemberCommune extends Collectivity {
  readonly population: number | null;
}

/** Luhn checksum, used by SIREN and SIRET (INSEE). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// La Poste's establishments (SIREN 356000000) are numbered with a digit sum multiple of 5 instead of Luhn.
const LA_POSTE = '356000000';

export function sirenValid(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

export function siretValid(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE)) return [...siret].reduce((a, c) => a + Number(c), 0) % 5 === 0;
  return luhnValid(siret);
}

/** Why a SIRET is not acceptable for a collectivity, or null. */
export function siretProblem(siret: string, siren: string | null): string | null {
  if (!/^\d{14}$/.test(siret)) return 'Le SIRET doit comporter 14 chiffres.';
  if (!siretValid(siret)) return 'Le SIRET est invalide (clé de contrôle de Luhn incorrecte).';
  if (siren && !siret.startsWith(siren)) return `Le SIRET doit commencer par le SIREN ${siren}.`;
  return null;
}

/** INSEE code of a commune: 5 characters, Corsica 2A/2B. */
export function inseeCodeValid(code: string): boolean {
  return /^(\d{5}|2[AB]\d{3})$/.test(code);
}

/** The effective-dated value in force on a date (periods [from, to], to null = open). */
export function inForce<T extends { validFrom: string; validTo: string | null }>(periods: readonly T[], on: string): T | null {
  return periods.find((p) => p.validFrom <= on && (p.validTo === null || on <= p.validTo)) ?? null;
}

/** Sort keys of the communes list. */
export const COMMUNE_SORTS = ['nom', 'insee', 'population'] as const;
export type CommuneSort = (typeof COMMUNE_SORTS)[number];

/** Lower-case, accents removed: "Saint-Étienne" ~ "saint etienne". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-'’\s]+/g, ' ')
    .trim();
}

export function sortCommunes(communes: readonly MemberCommune[], sort: CommuneSort, descending: boolean): MemberCommune[] {
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  const compare = (a: MemberCommune, b: MemberCommune): number => {
    if (sort === 'population') return (a.population ?? -1) - (b.population ?? -1) || collator.compare(a.name, b.name);
    if (sort === 'insee') return collator.compare(a.inseeCode ?? '', b.inseeCode ?? '');
    return collator.compare(a.name, b.name) || collator.compare(a.inseeCode ?? '', b.inseeCode ?? '');
  };
  const sorted = [...communes].sort(compare);
  return descending ? sorted.reverse() : sorted;
}

export function filterCommunes(communes: readonly MemberCommune[], query: string): MemberCommune[] {
  const q = foldForSearch(query);
  if (!q) return [...communes];
  return communes.filter((c) => foldForSearch(c.name).includes(q) || (c.inseeCode ?? '').startsWith(q) || (c.postalCode ?? '').startsWith(q));
}

/** One population figure to import. */
export interface PopulationInput {
  readonly inseeCode: string;
  readonly year: number;
  readonly kind: PopulationKind;
  readonly value: number;
}

/** A problem in an imported file, located at its line and column. */
export type { ImportProblem } from '../platform/imports.ts';
import type { ImportProblem } from '../platform/imports.ts';

export const POPULATION_COLUMNS = ['code_insee', 'annee', 'type', 'population'] as const;

/**
 * Validates population rows (code_insee; annee; type; population) against the territory's communes.
 * Every problem is reported, with its line and column, so the user fixes the file in one go.
 */
export function validatePopulationRows(
  records: readonly { line: number; values: Readonly<Record<string, string>> }[],
  columns: readonly string[],
  knownInsee: ReadonlySet<string>,
): { rows: PopulationInput[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  for (const column of POPULATION_COLUMNS) {
    if (!columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  }
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 0) return { rows: [], problems: [{ line: 2, column: 'code_insee', message: 'Le fichier ne contient aucune ligne de données.' }] };
  const rows: PopulationInput[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of records) {
    const insee = (values.code_insee ?? '').toUpperCase().padStart(5, '0');
    const yearText = values.annee ?? '';
    const kind = (values.type ?? '').toLowerCase();
    const valueText = (values.population ?? '').replace(/[\s\u00a0\u202f]/g, '');
    let ok = true;
    const problem = (column: string, message: string) => {
      problems.push({ line, column, message });
      ok = false;
    };
    if (!inseeCodeValid(insee)) problem('code_insee', `« ${values.code_insee ?? ''} » n'est pas un code INSEE.`);
    else if (!knownInsee.has(insee)) problem('code_insee', `La commune ${insee} n'est pas membre du territoire.`);
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 1800 || year > 2200) problem('annee', `« ${yearText} » n'est pas une année.`);
    if (!(POPULATION_KINDS as readonly string[]).includes(kind)) problem('type', `« ${values.type ?? ''} » : attendu municipale, totale ou dgf.`);
    const value = Number(valueText);
    if (!/^\d+$/.test(valueText) || !Number.isSafeInteger(value) || value > 100_000_000) problem('population', `« ${values.population ?? ''} » n'est pas un nombre d'habitants.`);
    if (!ok) continue;
    const key = `${insee}|${year}|${kind}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push({ line, column: 'code_insee', message: `Doublon de la ligne ${previous} (même commune, année et type).` });
      continue;
    }
    seen.set(key, line);
    rows.push({ inseeCode: insee, year, kind: kind as PopulationKind, value });
  }
  return { rows: problems.length ? [] : rows, problems };
}

export interface NaturePeriod {
  readonly nature: string;
  readonly fundingMode: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** The day before a calendar date (YYYY-MM-DD). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A new legal nature from a date: the open period is closed the day before (a CA becomes a CU, then a métropole).
 * Returns the periods after the change, or the French reason it is refused.
 */
export function changeNature(periods: readonly NaturePeriod[], next: { nature: string; fundingMode: string; validFrom: string }): NaturePeriod[] | string {
  if (!(EPCI_NATURES as readonly string[]).includes(next.nature)) return `La nature « ${next.nature} » est inconnue (attendu : ${EPCI_NATURES.join(', ')}).`;
  if (!['FPU', 'FA', 'FPZ', 'FPE'].includes(next.fundingMode)) return `Le régime fiscal « ${next.fundingMode} » est inconnu (attendu : FPU, FA, FPZ ou FPE).`;
  const open = periods.find((p) => p.validTo === null);
  if (periods.some((p) => p.validFrom >= next.validFrom)) return `Une nature est déjà en vigueur à partir du ${next.validFrom} ou après : la nouvelle doit commencer plus tard.`;
  const closed = periods.map((p) => (p === open ? { ...p, validTo: dayBefore(next.validFrom) } : p));
  return [...closed, { ...next, validTo: null }];
}
