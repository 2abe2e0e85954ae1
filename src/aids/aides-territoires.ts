/**
 * The field layout of Aides-territoires' public API (aides-territoires.beta.gouv.fr/api/aids/): names such as
 * `name`, `financers`, `perimeter`, `targeted_audiences`, `aid_types`, `mobilization_steps`, `destinations`,
 * `submission_deadline`, `subvention_rate_lower_bound`; lists hold the French labels the API prints.
 * Mutualis' own fields (level, project types, criteria, status) travel in a `mutualis` object. Pure (no I/O).
 */
import { formatCriteriaText } from './criteria-text.ts';
import type { CriteriaGroup } from './eligibility.ts';
import {
  AID_TYPE_LABELS,
  AUDIENCE_LABELS,
  PROJECT_STAGE_LABELS,
  PROJECT_TYPES,
  RECURRENCE_LABELS,
  SPENDING_KIND_LABELS,
  type FundingScheme,
  type Perimeter,
} from './model.ts';
import type { RawScheme } from './scheme-input.ts';
import { foldAccents } from './search-text.ts';

// Aides-territoires' slugs and labels for each of our codes (both are accepted on import).
const AT_AUDIENCES: Record<string, string> = { commune: 'commune', epci: 'epci', department: 'department', region: 'region', association: 'association', public_org: 'publicOrg', public_cies: 'other', private_sector: 'other', private_person: 'other', farmer: 'other', researcher: 'other', special: 'other' };
const AT_AUDIENCE_LABELS: Record<string, string> = { ...AUDIENCE_LABELS, other: 'Autres bénéficiaires' };
const AT_TYPES: Record<string, string> = { grant: 'grant', loan: 'loan', recoverable_advance: 'recoverableAdvance', technical: 'technicalEngineering', technical_engineering: 'technicalEngineering', financial: 'financialEngineering', financial_engineering: 'financialEngineering', legal: 'legalEngineering', legal_engineering: 'legalEngineering', other: 'other', cee: 'other' };
const AT_STEPS: Record<string, string> = { preop: 'reflection', op: 'implementation', postop: 'use' };
const AT_DESTINATIONS: Record<string, string> = { supply: 'operating', investment: 'investment' };
const AT_RECURRENCES: Record<string, string> = { oneoff: 'oneOff', ongoing: 'ongoing', recurring: 'recurring' };

const key = (t: string) => foldAccents(t).replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

/** A value by its code, its Aides-territoires slug or its French label; null when unknown. */
function lookup(value: string, slugs: Record<string, string>, labels: Record<string, string>): string | null {
  const k = key(value);
  if (slugs[value]) return slugs[value]!;
  if (Object.values(slugs).includes(value)) return value;
  const byLabel = Object.entries(labels).find(([, label]) => key(label) === k);
  if (byLabel) return byLabel[0];
  // Aides-territoires' other audience labels are all "other beneficiaries" here.
  return null;
}

export interface AtProblem {
  readonly field: string;
  readonly message: string;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v.trim() ? [v] : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);

// Aides-territoires' categories ("Thème|Catégorie") that name one of our project types.
const CATEGORY_TYPES: readonly [RegExp, string][] = [
  [/voirie|espace public|amenagement urbain/, 'roads'],
  [/mobilite|transport|velo|pietons/, 'mobility'],
  [/revitalisation|centre-bourg|centre bourg|centre-ville/, 'townCentre'],
  [/ecole|scolaire|education/, 'schools'],
  [/batiment|equipement public/, 'publicBuildings'],
  [/accessibilite/, 'accessibility'],
  [/renovation energetique|efficacite energetique|sobriete/, 'energyRenovation'],
  [/energies renouvelables|photovolta|chaleur renouvelable/, 'renewableEnergy'],
  [/eclairage/, 'lighting'],
  [/eau|assainissement|milieux aquatiques/, 'water'],
  [/biodiversite|foret|nature|espaces verts/, 'biodiversity'],
  [/dechet|economie circulaire/, 'waste'],
  [/risque/, 'risks'],
  [/numerique|telecommunication|wifi/, 'digital'],
  [/culture|lecture|bibliotheque|musee/, 'culture'],
  [/sport/, 'sport'],
  [/patrimoine/, 'heritage'],
  [/enfance|jeunesse/, 'childhood'],
  [/sante|soins/, 'health'],
  [/logement|habitat/, 'housing'],
  [/commerce|artisanat/, 'commerce'],
  [/tourisme/, 'tourism'],
  [/ingenierie|etude/, 'studies'],
];

/** One aid of an Aides-territoires JSON file as raw input; unknown labels are named as problems. */
export function fromAidesTerritoires(item: unknown, findPerimeter: (name: string) => Perimeter | null): { raw: RawScheme; problems: AtProblem[] } {
  const problems: AtProblem[] = [];
  if (!item || typeof item !== 'object' || Array.isArray(item)) return { raw: {}, problems: [{ field: '', message: "L'élément n'est pas un objet JSON décrivant une aide." }] };
  const a = item as Record<string, unknown>;
  const mapList = (field: string, slugs: Record<string, string>, labels: Record<string, string>) => {
    const out: string[] = [];
    for (const v of list(a[field])) {
      const code = lookup(v, slugs, labels);
      if (code === null && field === 'targeted_audiences') out.push('other');
      else if (code === null) problems.push({ field, message: `« ${v} » n'est pas une valeur connue.` });
      else out.push(code);
    }
    return [...new Set(out)];
  };
  const perimeterName = str(a.perimeter);
  const ext = (a.mutualis && typeof a.mutualis === 'object' ? a.mutualis : {}) as Record<string, unknown>;
  let perimeter: Perimeter | null = null;
  if (typeof ext.perimeterScale === 'string') perimeter = null;
  else if (perimeterName) {
    perimeter = findPerimeter(perimeterName);
    if (!perimeter) problems.push({ field: 'perimeter', message: `Le périmètre « ${perimeterName} » n'est ni l'Europe, ni la France, ni une région, ni un département, ni le territoire.` });
  }
  const categories = list(a.categories).map((c) => key(c));
  const guessedTypes = [...new Set(categories.flatMap((c) => CATEGORY_TYPES.filter(([re]) => re.test(c)).map(([, t]) => t)))];
  const recurrence = str(a.recurrence);
  const rate = (v: unknown) => (typeof v === 'number' ? String(v) : str(v));
  const id = str(a.id) ?? str(a.slug);
  const groups = Array.isArray(ext.criteriaGroups) ? (ext.criteriaGroups as CriteriaGroup[]) : undefined;
  return {
    raw: {
      name: str(a.name) ?? undefined,
      shortTitle: str(a.short_title),
      description: str(a.description) ?? undefined,
      funders: list(a.financers),
      instructors: list(a.instructors),
      level: str(ext.level) ?? undefined,
      perimeterScale: typeof ext.perimeterScale === 'string' ? ext.perimeterScale : perimeter?.scale,
      perimeterCode: typeof ext.perimeterScale === 'string' ? str(ext.perimeterCode) : (perimeter?.code ?? null),
      audiences: mapList('targeted_audiences', AT_AUDIENCES, AT_AUDIENCE_LABELS),
      aidTypes: mapList('aid_types', AT_TYPES, AID_TYPE_LABELS),
      projectTypes: Array.isArray(ext.projectTypes) ? list(ext.projectTypes) : guessedTypes,
      keywords: Array.isArray(ext.keywords) ? list(ext.keywords) : list(a.categories).map((c) => c.split('|').pop()!.trim()),
      stages: mapList('mobilization_steps', AT_STEPS, PROJECT_STAGE_LABELS),
      spendingKinds: mapList('destinations', AT_DESTINATIONS, SPENDING_KIND_LABELS),
      rateMin: rate(a.subvention_rate_lower_bound),
      rateMax: rate(a.subvention_rate_upper_bound),
      maxAid: str(ext.maxAid),
      minCost: str(ext.minCost),
      ...(groups ? { criteriaGroups: groups } : { criteria: str(ext.criteria) }),
      condition: str(a.eligibility),
      startDate: str(a.start_date),
      deadline: str(a.submission_deadline),
      recurrence: recurrence ? (lookup(recurrence, AT_RECURRENCES, RECURRENCE_LABELS) ?? recurrence) : undefined,
      callForProjects: a.is_call_for_project === true,
      originUrl: str(a.origin_url),
      applicationUrl: str(a.application_url),
      contact: str(a.contact),
      status: str(ext.status) ?? 'published',
      fundingContribution: ext.fundingContribution === true,
      importKey: str(ext.importKey) ?? (id ? `aides-territoires:${id}` : null),
    },
    problems,
  };
}

const labels = <T extends string>(codes: readonly T[], names: Record<T, string>) => codes.map((c) => names[c]);

/** A scheme in Aides-territoires' layout, with Mutualis' own fields under `mutualis` (lossless round trip). */
export function toAidesTerritoires(s: FundingScheme, url: string): Record<string, unknown> {
  return {
    id: s.importKey?.startsWith('aides-territoires:') ? s.importKey.slice('aides-territoires:'.length) : s.id,
    url,
    name: s.name,
    short_title: s.shortTitle ?? '',
    financers: s.funders,
    instructors: s.instructors,
    description: s.description,
    eligibility: s.eligibility.condition ?? '',
    perimeter: s.perimeter.name,
    mobilization_steps: labels(s.stages, PROJECT_STAGE_LABELS),
    origin_url: s.originUrl ?? '',
    categories: s.projectTypes.map((t) => PROJECT_TYPES[t].label),
    is_call_for_project: s.callForProjects,
    application_url: s.applicationUrl ?? '',
    targeted_audiences: labels(s.audiences, AUDIENCE_LABELS),
    aid_types: labels(s.aidTypes, AID_TYPE_LABELS),
    destinations: labels(s.spendingKinds, SPENDING_KIND_LABELS),
    start_date: s.startDate,
    submission_deadline: s.deadline,
    subvention_rate_lower_bound: s.rateMin === null ? null : Number(s.rateMin),
    subvention_rate_upper_bound: s.rateMax === null ? null : Number(s.rateMax),
    contact: s.contact ?? '',
    recurrence: RECURRENCE_LABELS[s.recurrence],
    date_updated: s.updatedAt ?? null,
    mutualis: {
      level: s.level,
      perimeterScale: s.perimeter.scale,
      perimeterCode: s.perimeter.code,
      projectTypes: s.projectTypes,
      keywords: s.keywords,
      criteria: formatCriteriaText(s.eligibility.groups),
      criteriaGroups: s.eligibility.groups,
      maxAid: s.maxAidCents === null ? null : eurosText(s.maxAidCents),
      minCost: s.minCostCents === null ? null : eurosText(s.minCostCents),
      status: s.status,
      fundingContribution: s.fundingContribution,
      importKey: s.importKey,
    },
  };
}

/** Cents as a plain decimal euro amount, exactly: 1500050 → "15000.50". */
export function eurosText(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
