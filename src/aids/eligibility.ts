/**
 * Eligibility by demography and finance: pure rules (no I/O), like model.ts. A scheme holds up to
 * MAX_GROUPS alternative cases; a case holds criteria that must all hold; an empty list means anyone.
 */
import { formatCents, formatInteger } from '../platform/format.ts';

/** A stated bound: "≤ 5 000" is { value: 5000, inclusive: true }, "< 5 000" the same with false. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}
export interface Range {
  readonly min: Bound | null;
  readonly max: Bound | null;
}

export type Area = 'rural' | 'urban';

/** One case of eligibility: every criterion present must hold. */
export interface CriteriaGroup {
  /** Population municipale of the commune (or of the EPCI when it is the beneficiary). */
  readonly population: Range | null;
  /** Rural or urban per INSEE's communal density grid (7 levels: 1–4 urban, 5–7 rural). */
  readonly area: Area | null;
  /** Population of the EPCI the commune belongs to. */
  readonly epciPopulation: Range | null;
  /** Potentiel financier per inhabitant, in cents. */
  readonly fiscalPotential: Range | null;
}

export interface Eligibility {
  /** Alternative cases: eligible when one of them holds. Empty: no demographic or financial condition. */
  readonly groups: readonly CriteriaGroup[];
  /** A condition the data cannot check, shown as is. */
  readonly condition: string | null;
}

export const NO_CRITERIA: Eligibility = Object.freeze({ groups: [], condition: null });
export const MAX_GROUPS = 3;

/** INSEE's communal density grid, 7 levels (2022). */
export const DENSITY_LEVEL_LABELS: Record<number, string> = {
  1: 'grands centres urbains',
  2: 'centres urbains intermédiaires',
  3: 'ceintures urbaines',
  4: 'petites villes',
  5: 'bourgs ruraux',
  6: 'rural à habitat dispersé',
  7: 'rural à habitat très dispersé',
};
// INSEE: levels 1 to 4 form the urban space, 5 to 7 the rural communes.
const AREA_LEVELS: Record<Area, [number, number]> = { urban: [1, 4], rural: [5, 7] };

/** The facts about the beneficiary that the criteria read, from the territory's data (null: unknown). */
export interface Beneficiary {
  readonly name: string;
  readonly population: number | null;
  readonly densityLevel: number | null;
  readonly epciPopulation: number | null;
  readonly fiscalPotentialCents: number | null;
}

export type EligibilityStatus = 'eligible' | 'unknown' | 'ineligible';

/** One line of "why": ok true (holds), false (fails), null (cannot be checked). */
export interface Reason {
  readonly ok: boolean | null;
  readonly text: string;
}

export interface EligibilityResult {
  readonly status: EligibilityStatus;
  readonly reasons: readonly Reason[];
}

const STATUS_RANK: Record<EligibilityStatus, number> = { ineligible: 0, unknown: 1, eligible: 2 };
const RANKED: readonly EligibilityStatus[] = ['ineligible', 'unknown', 'eligible'];
export function statusRank(status: EligibilityStatus): number {
  return STATUS_RANK[status];
}
export function statusOfRank(rank: number): EligibilityStatus {
  return RANKED[rank] ?? 'ineligible';
}

const VERDICT = { true: 'éligible', false: 'non éligible' } as const;

function holds(range: Range, value: number): boolean {
  const { min, max } = range;
  if (min && (min.inclusive ? value < min.value : value <= min.value)) return false;
  if (max && (max.inclusive ? value > max.value : value >= max.value)) return false;
  return true;
}

type Format = (n: number) => string;
const people: Format = (n) => formatInteger(n);
const perInhabitant: Format = (n) => `${formatCents(n)}/hab.`;

/** "population 3 214 ≤ 5 000 : éligible", the failing bound first when there is one. */
function rangeReason(subject: string, range: Range, value: number | null, format: Format): Reason {
  if (value === null) return { ok: null, text: `${subject} inconnue (${describeRange(subject, range, format)}) : à vérifier` };
  const ok = holds(range, value);
  const parts: string[] = [];
  const { min, max } = range;
  const minFails = min !== null && (min.inclusive ? value < min.value : value <= min.value);
  const maxFails = max !== null && (max.inclusive ? value > max.value : value >= max.value);
  if (min && (!ok ? minFails : true)) parts.push(minFails ? `${format(value)} ${min.inclusive ? '<' : '≤'} ${format(min.value)}` : `${format(value)} ${min.inclusive ? '≥' : '>'} ${format(min.value)}`);
  if (max && (!ok ? maxFails : true)) parts.push(maxFails ? `${format(value)} ${max.inclusive ? '>' : '≥'} ${format(max.value)}` : `${format(value)} ${max.inclusive ? '≤' : '<'} ${format(max.value)}`);
  return { ok, text: `${subject} ${parts.join(' et ')} : ${VERDICT[String(ok) as 'true' | 'false']}` };
}

function describeRange(subject: string, range: Range, format: Format): string {
  const parts: string[] = [];
  if (range.min) parts.push(`${range.min.inclusive ? '≥' : '>'} ${format(range.min.value)}`);
  if (range.max) parts.push(`${range.max.inclusive ? '≤' : '<'} ${format(range.max.value)}`);
  return `${subject === 'population' ? 'exigée' : 'exigé'} ${parts.join(' et ')}`;
}

function areaReason(area: Area, level: number | null): Reason {
  const wanted = area === 'rural' ? 'commune rurale' : 'commune urbaine';
  if (level === null) return { ok: null, text: `${wanted} exigée, niveau de densité inconnu : à vérifier` };
  const [lo, hi] = AREA_LEVELS[area];
  const ok = level >= lo && level <= hi;
  const actual = level >= 5 ? 'commune rurale' : 'commune urbaine';
  return { ok, text: `${actual} (grille de densité : ${level}, ${DENSITY_LEVEL_LABELS[level] ?? '?'})${ok ? '' : `, ${wanted} exigée`} : ${VERDICT[String(ok) as 'true' | 'false']}` };
}

function groupReasons(group: CriteriaGroup, b: Beneficiary): Reason[] {
  const reasons: Reason[] = [];
  if (group.population) reasons.push(rangeReason('population', group.population, b.population, people));
  if (group.area) reasons.push(areaReason(group.area, b.densityLevel));
  if (group.epciPopulation) reasons.push(rangeReason("population de l'EPCI", group.epciPopulation, b.epciPopulation, people));
  if (group.fiscalPotential) reasons.push(rangeReason('potentiel financier', group.fiscalPotential, b.fiscalPotentialCents, perInhabitant));
  return reasons;
}

function statusOf(reasons: readonly Reason[]): EligibilityStatus {
  if (reasons.some((r) => r.ok === false)) return 'ineligible';
  if (reasons.some((r) => r.ok === null)) return 'unknown';
  return 'eligible';
}

/**
 * Whether the beneficiary meets the demographic and financial criteria, and why: the best case is shown
 * (the first that holds, else each case with its reasons). The free-text condition is always shown.
 */
export function evaluateEligibility(eligibility: Eligibility, b: Beneficiary): EligibilityResult {
  const condition: Reason[] = eligibility.condition ? [{ ok: null, text: `condition à vérifier : ${eligibility.condition}` }] : [];
  if (eligibility.groups.length === 0) return { status: 'eligible', reasons: condition };
  const cases = eligibility.groups.map((g) => {
    const reasons = groupReasons(g, b);
    return { reasons, status: statusOf(reasons) };
  });
  const best = cases.reduce((a, c) => (STATUS_RANK[c.status] > STATUS_RANK[a.status] ? c : a));
  if (cases.length === 1 || best.status === 'eligible') return { status: best.status, reasons: [...best.reasons, ...condition] };
  const all = cases.flatMap((c, i) => c.reasons.map((r) => ({ ok: r.ok, text: `cas ${i + 1} : ${r.text}` })));
  return { status: best.status, reasons: [...all, ...condition] };
}

/** Inclusive integer bounds of a range (population and cents are integers): "< 5 000" is "≤ 4 999". */
function inclusiveBounds(range: Range | null): [number | null, number | null] {
  if (!range) return [null, null];
  const lo = range.min ? (range.min.inclusive ? range.min.value : range.min.value + 1) : null;
  const hi = range.max ? (range.max.inclusive ? range.max.value : range.max.value - 1) : null;
  return [lo, hi];
}

/** The criteria as the search's SQL reads them: 8 inclusive bounds per case (population, density, EPCI, potentiel). */
export function eligibilityBounds(eligibility: Eligibility): (number | null)[] {
  return eligibility.groups.flatMap((g) => [
    ...inclusiveBounds(g.population),
    ...(g.area ? AREA_LEVELS[g.area] : [null, null]),
    ...inclusiveBounds(g.epciPopulation),
    ...inclusiveBounds(g.fiscalPotential),
  ]);
}
export const BOUNDS_PER_GROUP = 8;

/** Why a set of criteria is not acceptable (French, naming the criterion), or null. */
export function eligibilityProblem(eligibility: Eligibility): string | null {
  if (eligibility.groups.length > MAX_GROUPS) return `Les critères d'éligibilité comptent au plus ${MAX_GROUPS} cas alternatifs.`;
  for (const [i, g] of eligibility.groups.entries()) {
    const where = eligibility.groups.length > 1 ? ` (cas ${i + 1})` : '';
    const checks = [
      ['la population', g.population, people],
      ["la population de l'EPCI", g.epciPopulation, people],
      ['le potentiel financier', g.fiscalPotential, perInhabitant],
    ] as const;
    for (const [label, range, format] of checks) {
      if (!range) continue;
      for (const bound of [range.min, range.max]) {
        if (bound && (!Number.isSafeInteger(bound.value) || bound.value < 0 || bound.value > 2_000_000_000)) return `Un seuil sur ${label}${where} n'est pas un nombre entier positif.`;
      }
      const [lo, hi] = inclusiveBounds(range);
      if (lo !== null && hi !== null && lo > hi) {
        return `Le minimum sur ${label}${where} (${range.min!.inclusive ? '≥' : '>'} ${format(range.min!.value)}) dépasse le maximum (${range.max!.inclusive ? '≤' : '<'} ${format(range.max!.value)}) : aucune collectivité ne pourrait être éligible.`;
      }
    }
  }
  if (eligibility.condition !== null && eligibility.condition.length > 2000) return 'La condition d’éligibilité doit contenir au plus 2 000 caractères.';
  return null;
}
