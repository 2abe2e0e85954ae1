/**
 * Eligibility criteria written as French text, one case per line, criteria joined by « et »:
 *   population ≤ 2 000
 *   population > 2 000 et population ≤ 20 000 et potentiel financier ≤ 1 190 €
 *   commune rurale et population de l'EPCI < 50 000
 * The admin form and the CSV/XLSX files use it; pure (no I/O).
 */
import { Cents } from '../platform/money.ts';
import { formatCents, formatInteger } from '../platform/format.ts';
import type { Bound, CriteriaGroup, Range } from './eligibility.ts';

type Dimension = 'population' | 'epciPopulation' | 'fiscalPotential';
const SUBJECTS: readonly [RegExp, Dimension][] = [
  [/^population (de l'|de l’|du |d')?(epci|intercommunalite)\b/, 'epciPopulation'],
  [/^potentiel financier( par habitant)?\b/, 'fiscalPotential'],
  [/^population\b/, 'population'],
];
const LABELS: Record<Dimension, string> = { population: 'population', epciPopulation: "population de l'EPCI", fiscalPotential: 'potentiel financier' };

const HELP = "attendu : « population », « population de l'EPCI » ou « potentiel financier » suivi de <, ≤, > ou ≥ et d'un nombre, ou « commune rurale » / « commune urbaine »";

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export class CriteriaTextError extends Error {}

/** Parses the text; throws CriteriaTextError with a French message naming the line and the term. */
export function parseCriteriaText(text: string): CriteriaGroup[] {
  const groups: CriteriaGroup[] = [];
  const lines = text.split(/\r?\n|\s+\|\s+/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const where = lines.length > 1 ? `ligne ${index + 1} : ` : '';
    const group: { population: Range | null; area: 'rural' | 'urban' | null; epciPopulation: Range | null; fiscalPotential: Range | null } = {
      population: null,
      area: null,
      epciPopulation: null,
      fiscalPotential: null,
    };
    for (const term of line.split(/\s+et\s+|\s*;\s*/i)) {
      const t = fold(term.replace(/’/g, "'"));
      if (!t) continue;
      if (t === 'commune rurale' || t === 'rurale' || t === 'commune urbaine' || t === 'urbaine') {
        const area = t.endsWith('rurale') ? 'rural' : 'urban';
        if (group.area && group.area !== area) throw new CriteriaTextError(`${where}un même cas ne peut exiger une commune rurale et urbaine.`);
        group.area = area;
        continue;
      }
      const subject = SUBJECTS.find(([re]) => re.test(t));
      if (!subject) throw new CriteriaTextError(`${where}« ${term.trim()} » n'est pas un critère reconnu (${HELP}).`);
      const rest = t.replace(subject[0], '').trim();
      const m = /^(<=|>=|≤|≥|<|>|=)\s*([\d\s\u00a0\u202f.,]+)\s*(€|eur|euros)?(\s*(\/|par)\s*hab(itant)?\.?)?$/.exec(rest);
      if (!m) throw new CriteriaTextError(`${where}« ${term.trim()} » : comparaison illisible (${HELP}).`);
      const dimension = subject[1];
      const value = parseValue(m[2]!, dimension);
      if (value === null) throw new CriteriaTextError(`${where}« ${term.trim()} » : « ${m[2]!.trim()} » n'est pas un ${dimension === 'fiscalPotential' ? 'montant en euros' : "nombre entier d'habitants"}.`);
      const op = m[1]!;
      const current = group[dimension] ?? { min: null, max: null };
      const bound = (inclusive: boolean): Bound => ({ value, inclusive });
      let next: Range;
      if (op === '=') next = { min: bound(true), max: bound(true) };
      else if (op === '<' || op === '<=' || op === '≤') {
        if (current.max) throw new CriteriaTextError(`${where}deux maximums pour la ${LABELS[dimension]} dans un même cas.`);
        next = { ...current, max: bound(op !== '<') };
      } else {
        if (current.min) throw new CriteriaTextError(`${where}deux minimums pour la ${LABELS[dimension]} dans un même cas.`);
        next = { ...current, min: bound(op !== '>') };
      }
      group[dimension] = next;
    }
    groups.push(group);
  });
  return groups;
}

function parseValue(text: string, dimension: Dimension): number | null {
  if (dimension === 'fiscalPotential') return Cents.parseEuros(text);
  const digits = text.replace(/[\s\u00a0\u202f.]/g, '');
  return /^\d{1,10}$/.test(digits) ? Number(digits) : null;
}

function boundText(dimension: Dimension, bound: Bound, side: 'min' | 'max'): string {
  const op = side === 'min' ? (bound.inclusive ? '≥' : '>') : bound.inclusive ? '≤' : '<';
  const value = dimension === 'fiscalPotential' ? formatCents(bound.value) : formatInteger(bound.value);
  return `${LABELS[dimension]} ${op} ${value}`;
}

/** One case as text (the inverse of parseCriteriaText): "population > 2 000 et population ≤ 20 000". */
export function formatCriteriaGroup(group: CriteriaGroup): string {
  const terms: string[] = [];
  if (group.area) terms.push(group.area === 'rural' ? 'commune rurale' : 'commune urbaine');
  for (const dimension of ['population', 'epciPopulation', 'fiscalPotential'] as const) {
    const range = group[dimension];
    if (range?.min) terms.push(boundText(dimension, range.min, 'min'));
    if (range?.max) terms.push(boundText(dimension, range.max, 'max'));
  }
  return terms.join(' et ');
}

/** Every case, one per line. */
export function formatCriteriaText(groups: readonly CriteriaGroup[]): string {
  return groups.map(formatCriteriaGroup).join('\n');
}
