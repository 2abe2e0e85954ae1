import { DRIVER_CODE } from '../agreements/charging-scheme.ts';
import { Cents } from '../platform/money.ts';
import type { ImportProblem } from '../platform/imports.ts';
import type { CsvTable } from '../platform/csv.ts';
import { COST_CATEGORIES, COST_CATEGORY_LABELS, type CostCategory } from './model.ts';

// Pure validation of what finance staff enter or import: every problem named by its field (or line and column).

export interface CostLineDraft {
  readonly target: { readonly kind: 'service' | 'centre'; readonly id: string };
  readonly category: CostCategory;
  readonly label: string;
  readonly amountCents: Cents;
  readonly sourceReference: string | null;
  readonly attributedTo: string | null;
}

export interface Lookup {
  /** Service reference (code) → id. */
  readonly services: ReadonlyMap<string, string>;
  /** Support centre code → id. */
  readonly centres: ReadonlyMap<string, string>;
  /** INSEE code or SIREN → collectivity id. */
  readonly collectivities: ReadonlyMap<string, string>;
}

/** French labels and code names both accepted in the category column. */
const CATEGORY_BY_TEXT = new Map<string, CostCategory>([
  ...COST_CATEGORIES.map((c) => [c.toLowerCase(), c] as [string, CostCategory]),
  ...COST_CATEGORIES.map((c) => [fold(COST_CATEGORY_LABELS[c]), c] as [string, CostCategory]),
  ['personnel', 'staff'],
  ['fonctionnement', 'operating'],
  ['investissement', 'investment'],
  ['amortissements', 'investment'],
  ['support', 'support'],
  ['moyens_ressources', 'support'],
  ['structure', 'overhead'],
  ['frais_de_structure', 'overhead'],
]);

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s'’-]+/g, '_');
}

export function parseCategory(text: string): CostCategory | null {
  return CATEGORY_BY_TEXT.get(fold(text)) ?? null;
}

export const COST_COLUMNS = ['service', 'categorie', 'libelle', 'montant'] as const;
export const COST_OPTIONAL_COLUMNS = ['fonction_support', 'reference', 'attribue_a'] as const;

/** Cost lines of a CSV/XLSX, validated cell by cell; every problem located, none written when any. */
export function costLinesFromTable(table: CsvTable, lookup: Lookup): { lines: CostLineDraft[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  for (const column of ['categorie', 'libelle', 'montant']) if (!table.columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  if (!table.columns.includes('service') && !table.columns.includes('fonction_support')) problems.push({ line: 1, column: 'service', message: 'Colonne « service » (ou « fonction_support ») absente de l’en-tête.' });
  if (problems.length > 0) return { lines: [], problems };
  if (table.records.length === 0) return { lines: [], problems: [{ line: 2, column: 'montant', message: 'Le fichier ne contient aucune ligne de coût.' }] };
  const lines: CostLineDraft[] = [];
  for (const record of table.records) {
    const v = record.values;
    const at = (column: string, message: string) => problems.push({ line: record.line, column, message });
    const before = problems.length;
    const serviceCode = (v.service ?? '').trim();
    const centreCode = (v.fonction_support ?? '').trim();
    let target: CostLineDraft['target'] | null = null;
    if (serviceCode !== '' && centreCode !== '') at('service', 'Indiquez un service ou une fonction support, pas les deux.');
    else if (serviceCode !== '') {
      const id = lookup.services.get(serviceCode);
      if (id) target = { kind: 'service', id };
      else at('service', `Service « ${serviceCode} » inconnu dans le territoire.`);
    } else if (centreCode !== '') {
      const id = lookup.centres.get(centreCode);
      if (id) target = { kind: 'centre', id };
      else at('fonction_support', `Fonction support « ${centreCode} » inconnue.`);
    } else at('service', 'Le service (son code) est obligatoire.');
    const category = parseCategory(v.categorie ?? '');
    if (category === null) at('categorie', `Catégorie « ${v.categorie ?? ''} » inconnue (personnel, fonctionnement, investissement, support ou structure).`);
    const label = (v.libelle ?? '').trim();
    if (label === '' || label.length > 300) at('libelle', 'Le libellé est obligatoire (300 caractères au plus).');
    const amount = Cents.parseEuros(v.montant ?? '');
    if (amount === null) at('montant', `Montant « ${v.montant ?? ''} » illisible (exemple : 12 345,67).`);
    else if (amount < 0) at('montant', `Montant « ${v.montant ?? ''} » négatif : une recette se déduit des charges avant l’import.`);
    const attributedText = (v.attribue_a ?? '').trim();
    let attributedTo: string | null = null;
    if (attributedText !== '') {
      attributedTo = lookup.collectivities.get(attributedText) ?? null;
      if (attributedTo === null) at('attribue_a', `Collectivité « ${attributedText} » inconnue (code INSEE ou SIREN attendu).`);
    }
    if (problems.length === before) {
      lines.push({ target: target!, category: category!, label, amountCents: amount!, sourceReference: (v.reference ?? '').trim() || null, attributedTo });
    }
  }
  return { lines, problems };
}

export interface DriverDraft {
  readonly collectivityId: string;
  readonly driver: string;
  readonly value: string;
}

/** A driver value as typed ("1 234,5") → canonical decimal ("1234.5"); null when not a non-negative number. */
export function parseDriverValue(text: string): string | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d{1,15}(?:\.\d{1,6})?$/.test(cleaned)) return null;
  const [whole, fraction] = cleaned.split('.');
  const w = whole!.replace(/^0+(?=\d)/, '');
  const f = (fraction ?? '').replace(/0+$/, '');
  return f === '' ? w : `${w}.${f}`;
}

/** Driver values of a CSV/XLSX: collectivite (INSEE or SIREN), inducteur, valeur. */
export function driversFromTable(table: CsvTable, collectivities: ReadonlyMap<string, string>): { values: DriverDraft[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  for (const column of ['collectivite', 'inducteur', 'valeur']) if (!table.columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  if (problems.length > 0) return { values: [], problems };
  const values: DriverDraft[] = [];
  const seen = new Set<string>();
  for (const record of table.records) {
    const v = record.values;
    const before = problems.length;
    const code = (v.collectivite ?? '').trim();
    const id = collectivities.get(code);
    if (!id) problems.push({ line: record.line, column: 'collectivite', message: `Collectivité « ${code} » inconnue (code INSEE ou SIREN attendu).` });
    const driver = (v.inducteur ?? '').trim();
    if (!DRIVER_CODE.test(driver)) problems.push({ line: record.line, column: 'inducteur', message: `Inducteur « ${driver} » invalide (lettres et chiffres, commençant par une minuscule : population, fte…).` });
    const value = parseDriverValue(v.valeur ?? '');
    if (value === null) problems.push({ line: record.line, column: 'valeur', message: `Valeur « ${v.valeur ?? ''} » illisible (nombre positif ou nul attendu).` });
    if (problems.length === before) {
      const key = `${id}|${driver}`;
      if (seen.has(key)) problems.push({ line: record.line, column: 'inducteur', message: `Inducteur « ${driver} » déjà donné pour ${code} plus haut dans le fichier.` });
      else values.push({ collectivityId: id!, driver, value: value! });
      seen.add(key);
    }
  }
  return { values, problems };
}
