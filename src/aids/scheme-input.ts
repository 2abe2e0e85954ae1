/** A scheme as typed in a form, sent to the API or read from a file, checked and normalized. Pure (no I/O). */
import { Cents } from '../platform/money.ts';
import { isCalendarDate } from '../platform/format.ts';
import { CriteriaTextError, parseCriteriaText } from './criteria-text.ts';
import { eligibilityProblem, type CriteriaGroup } from './eligibility.ts';
import {
  AID_TYPES,
  AUDIENCES,
  FUNDER_LEVELS,
  PERIMETER_SCALES,
  PROJECT_STAGES,
  PROJECT_TYPE_CODES,
  RECURRENCES,
  SCHEME_STATUSES,
  SPENDING_KINDS,
  AID_TYPE_LABELS,
  AUDIENCE_LABELS,
  FUNDER_LEVEL_LABELS,
  PROJECT_STAGE_LABELS,
  PROJECT_TYPES,
  RECURRENCE_LABELS,
  SCHEME_STATUS_LABELS,
  SPENDING_KIND_LABELS,
  type PerimeterScale,
  type SchemeInput,
} from './model.ts';

const fold = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
const PERIMETER_LABELS: Record<string, string> = { europe: 'Europe', france: 'France', region: 'Région', department: 'Département', territory: 'Territoire' };
const PROJECT_TYPE_LABELS: Record<string, string> = Object.fromEntries(Object.entries(PROJECT_TYPES).map(([k, v]) => [k, v.label]));

/** A value given as its code or as its French label ("Subvention" → grant); unknown values pass through to be refused. */
function codeOf(value: string, labels: Record<string, string>): string {
  if (value in labels) return value;
  const k = fold(value);
  return Object.entries(labels).find(([code, label]) => fold(label) === k || fold(code) === k)?.[0] ?? value;
}
const codes = (list: readonly string[] | undefined, labels: Record<string, string>) => list?.map((v) => codeOf(v, labels));
const code = (v: string | undefined, labels: Record<string, string>) => (v === undefined ? undefined : codeOf(v, labels));

/** What a form, the API or an import line gives: texts and lists, not yet checked. */
export interface RawScheme {
  readonly name?: string | undefined;
  readonly shortTitle?: string | null | undefined;
  readonly description?: string | undefined;
  readonly funders?: readonly string[] | undefined;
  readonly instructors?: readonly string[] | undefined;
  readonly level?: string | undefined;
  readonly perimeterScale?: string | undefined;
  readonly perimeterCode?: string | null | undefined;
  readonly audiences?: readonly string[] | undefined;
  readonly aidTypes?: readonly string[] | undefined;
  readonly projectTypes?: readonly string[] | undefined;
  readonly keywords?: readonly string[] | undefined;
  readonly stages?: readonly string[] | undefined;
  readonly spendingKinds?: readonly string[] | undefined;
  /** Percent, "40" or "12,5". */
  readonly rateMin?: string | null | undefined;
  readonly rateMax?: string | null | undefined;
  /** Euros, "15 000" or "15000,50". */
  readonly maxAid?: string | null | undefined;
  readonly minCost?: string | null | undefined;
  /** Criteria as text (criteria-text.ts), or already parsed. */
  readonly criteria?: string | null | undefined;
  readonly criteriaGroups?: readonly CriteriaGroup[] | undefined;
  readonly condition?: string | null | undefined;
  readonly startDate?: string | null | undefined;
  readonly deadline?: string | null | undefined;
  readonly recurrence?: string | undefined;
  readonly callForProjects?: boolean | undefined;
  readonly originUrl?: string | null | undefined;
  readonly applicationUrl?: string | null | undefined;
  readonly contact?: string | null | undefined;
  readonly status?: string | undefined;
  readonly fundingContribution?: boolean | undefined;
  readonly importKey?: string | null | undefined;
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Names a perimeter (a region or department code) from the official data; null when the code is unknown. */
export type PerimeterNamer = (scale: PerimeterScale, code: string | null) => string | null;

const text = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

function oneOf<T extends string>(values: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (values as readonly string[]).includes(v);
}

/** A percentage as an exact decimal string ("12.5"), or null when absent; undefined when invalid. */
function rate(v: string | null | undefined): string | null | undefined {
  const t = text(v);
  if (t === null) return null;
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(t);
  if (!m) return undefined;
  const value = `${Number(m[1])}${m[2] ? `.${m[2].replace(/0+$/, '')}` : ''}`.replace(/\.$/, '');
  return Number(value) > 100 ? undefined : value;
}

function euros(v: string | null | undefined): Cents | null | undefined {
  const t = text(v);
  if (t === null) return null;
  const cents = Cents.parseEuros(t);
  return cents === null || cents < 0 ? undefined : cents;
}

function cleanList(list: readonly string[] | undefined, max: number): string[] {
  return [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))].slice(0, max);
}

/** Checks every field and collects every problem, so a form or an import line is fixed in one go. */
export function validateScheme(given: RawScheme, namePerimeter: PerimeterNamer): { scheme: SchemeInput; problems: [] } | { scheme: null; problems: FieldProblem[] } {
  const raw: RawScheme = {
    ...given,
    level: code(given.level, FUNDER_LEVEL_LABELS),
    perimeterScale: code(given.perimeterScale, PERIMETER_LABELS),
    audiences: codes(given.audiences, AUDIENCE_LABELS),
    aidTypes: codes(given.aidTypes, AID_TYPE_LABELS),
    projectTypes: codes(given.projectTypes, PROJECT_TYPE_LABELS),
    stages: codes(given.stages, PROJECT_STAGE_LABELS),
    spendingKinds: codes(given.spendingKinds, SPENDING_KIND_LABELS),
    recurrence: code(given.recurrence, RECURRENCE_LABELS),
    status: code(given.status, SCHEME_STATUS_LABELS),
  };
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const name = text(raw.name);
  if (!name || name.length > 250) problem('name', 'Le champ « nom » est obligatoire (250 caractères au plus).');
  const description = text(raw.description);
  if (!description || description.length > 20_000) problem('description', 'Le champ « description » est obligatoire (20 000 caractères au plus).');
  const shortTitle = text(raw.shortTitle);
  if (shortTitle && shortTitle.length > 120) problem('shortTitle', 'Le champ « titre court » doit contenir au plus 120 caractères.');
  const funders = cleanList(raw.funders, 10);
  if (funders.length === 0) problem('funders', 'Le champ « financeurs » doit nommer au moins un financeur.');
  if (funders.some((f) => f.length > 200)) problem('funders', 'Chaque financeur doit tenir en 200 caractères.');
  const instructors = cleanList(raw.instructors, 10);
  const scale = raw.perimeterScale ?? 'territory';
  let perimeter: SchemeInput['perimeter'] | null = null;
  if (!oneOf(PERIMETER_SCALES, scale)) problem('perimeterScale', `Le champ « périmètre » doit valoir l'une des valeurs : ${PERIMETER_SCALES.join(', ')}.`);
  else {
    const code = scale === 'region' || scale === 'department' ? text(raw.perimeterCode)?.toUpperCase() ?? null : null;
    const perimeterName = namePerimeter(scale, code);
    if (perimeterName === null) problem('perimeterCode', `Le champ « code du périmètre » doit être le code INSEE d'une ${scale === 'region' ? 'région' : 'département'} (reçu « ${raw.perimeterCode ?? ''} »).`);
    else perimeter = { scale, code, name: perimeterName };
  }
  const level = raw.level ?? '';
  if (!oneOf(FUNDER_LEVELS, level)) problem('level', `Le champ « niveau du financeur » doit valoir l'une des valeurs : ${FUNDER_LEVELS.join(', ')}.`);
  const lists = [
    ['audiences', 'bénéficiaires', AUDIENCES, raw.audiences],
    ['aidTypes', "types d'aide", AID_TYPES, raw.aidTypes],
    ['projectTypes', 'typologies de projet', PROJECT_TYPE_CODES, raw.projectTypes],
    ['stages', 'étapes du projet', PROJECT_STAGES, raw.stages],
    ['spendingKinds', 'nature des dépenses', SPENDING_KINDS, raw.spendingKinds],
  ] as const;
  const checked: Record<string, string[]> = {};
  for (const [field, label, allowed, values] of lists) {
    const list = cleanList(values, 50);
    const wrong = list.filter((v) => !(allowed as readonly string[]).includes(v));
    if (wrong.length) problem(field, `Le champ « ${label} » contient une valeur inconnue : ${wrong.join(', ')} (valeurs possibles : ${allowed.join(', ')}).`);
    checked[field] = list;
  }
  if ((checked.audiences ?? []).length === 0) problem('audiences', 'Le champ « bénéficiaires » doit en désigner au moins un.');
  if ((checked.aidTypes ?? []).length === 0) problem('aidTypes', "Le champ « types d'aide » doit en désigner au moins un.");
  const keywords = cleanList(raw.keywords, 30).map((k) => k.slice(0, 80));
  const rateMin = rate(raw.rateMin);
  const rateMax = rate(raw.rateMax);
  if (rateMin === undefined) problem('rateMin', 'Le champ « taux minimal » doit être un pourcentage entre 0 et 100 (deux décimales au plus).');
  if (rateMax === undefined) problem('rateMax', 'Le champ « taux maximal » doit être un pourcentage entre 0 et 100 (deux décimales au plus).');
  if (rateMin && rateMax && Number(rateMin) > Number(rateMax)) problem('rateMin', `Le taux minimal (${rateMin} %) dépasse le taux maximal (${rateMax} %).`);
  const maxAidCents = euros(raw.maxAid);
  if (maxAidCents === undefined) problem('maxAid', 'Le champ « plafond de l’aide » doit être un montant en euros.');
  const minCostCents = euros(raw.minCost);
  if (minCostCents === undefined) problem('minCost', 'Le champ « dépense minimale » doit être un montant en euros.');
  let groups: CriteriaGroup[] = [...(raw.criteriaGroups ?? [])];
  if (raw.criteria != null && raw.criteria.trim() !== '') {
    try {
      groups = parseCriteriaText(raw.criteria);
    } catch (error) {
      if (!(error instanceof CriteriaTextError)) throw error;
      problem('criteria', `Le champ « critères d'éligibilité » est illisible : ${error.message}`);
    }
  }
  const condition = text(raw.condition);
  const eligibility = { groups, condition };
  const wrongCriteria = eligibilityProblem(eligibility);
  if (wrongCriteria) problem('criteria', wrongCriteria);
  const dates = [
    ['startDate', "date d'ouverture", text(raw.startDate)],
    ['deadline', 'date limite de dépôt', text(raw.deadline)],
  ] as const;
  for (const [field, label, value] of dates) if (value !== null && !isCalendarDate(value)) problem(field, `Le champ « ${label} » doit être une date valide (AAAA-MM-JJ), reçu « ${value} ».`);
  const startDate = text(raw.startDate);
  const deadline = text(raw.deadline);
  if (startDate && deadline && isCalendarDate(startDate) && isCalendarDate(deadline) && startDate > deadline) problem('deadline', "La date limite de dépôt précède la date d'ouverture.");
  const recurrence = raw.recurrence ?? 'oneOff';
  if (!oneOf(RECURRENCES, recurrence)) problem('recurrence', `Le champ « récurrence » doit valoir l'une des valeurs : ${RECURRENCES.join(', ')}.`);
  const status = raw.status ?? 'draft';
  if (!oneOf(SCHEME_STATUSES, status)) problem('status', `Le champ « statut » doit valoir l'une des valeurs : ${SCHEME_STATUSES.join(', ')}.`);
  for (const [field, label, value] of [
    ['originUrl', 'lien vers le dispositif', raw.originUrl],
    ['applicationUrl', 'lien de candidature', raw.applicationUrl],
  ] as const) {
    const url = text(value);
    if (url !== null && (!/^https?:\/\/[^\s<>"]+$/i.test(url) || url.length > 500)) problem(field, `Le champ « ${label} » doit être une adresse web commençant par http:// ou https://.`);
  }
  const contact = text(raw.contact);
  if (contact && contact.length > 2000) problem('contact', 'Le champ « contact » doit contenir au plus 2 000 caractères.');
  const importKey = text(raw.importKey);
  if (importKey && importKey.length > 200) problem('importKey', 'Le champ « identifiant d’import » doit contenir au plus 200 caractères.');
  if (problems.length > 0) return { scheme: null, problems };
  return {
    scheme: {
      name: name!,
      shortTitle,
      description: description!,
      funders,
      instructors,
      level: level as SchemeInput['level'],
      perimeter: perimeter!,
      audiences: checked.audiences as SchemeInput['audiences'],
      aidTypes: checked.aidTypes as SchemeInput['aidTypes'],
      projectTypes: checked.projectTypes as SchemeInput['projectTypes'],
      keywords,
      stages: checked.stages as SchemeInput['stages'],
      spendingKinds: checked.spendingKinds as SchemeInput['spendingKinds'],
      rateMin: rateMin ?? null,
      rateMax: rateMax ?? null,
      maxAidCents: maxAidCents ?? null,
      minCostCents: minCostCents ?? null,
      eligibility,
      startDate,
      deadline,
      recurrence: recurrence as SchemeInput['recurrence'],
      callForProjects: raw.callForProjects ?? false,
      originUrl: text(raw.originUrl),
      applicationUrl: text(raw.applicationUrl),
      contact,
      status: status as SchemeInput['status'],
      fundingContribution: raw.fundingContribution ?? false,
      importKey,
    },
    problems: [],
  };
}
