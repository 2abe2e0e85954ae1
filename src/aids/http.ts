/** What the aids' pages and API share: the search's query string and how schemes are presented. */
import { Type, type Static } from '@sinclair/typebox';
import { formatCriteriaText } from './criteria-text.ts';
import { AID_TYPES, FUNDER_LEVELS, PROJECT_STAGES, PROJECT_TYPE_CODES, SPENDING_KINDS, THEMES, type FundingScheme, type SearchCriteria } from './model.ts';
import type { SearchResult } from './service.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** The search in the address: ?pour=<collectivité>&type=schools&q=écoles rénovées&niveau=regional… */
export const SearchQuery = Type.Object({
  pour: Type.Optional(Type.String({ format: 'uuid', description: 'identifiant de la collectivité bénéficiaire' })),
  type: Type.Optional(Type.Union([literals(PROJECT_TYPE_CODES), Type.Literal('')], { description: 'typologie du projet' })),
  etape: Type.Optional(Type.Union([literals(PROJECT_STAGES), Type.Literal('')], { description: 'étape du projet' })),
  depenses: Type.Optional(Type.Union([literals(SPENDING_KINDS), Type.Literal('')], { description: 'nature des dépenses' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'texte libre (accents et pluriels indifférents)' })),
  niveau: Type.Optional(Type.Array(literals(FUNDER_LEVELS), { maxItems: 5, description: 'niveau du financeur' })),
  typeAide: Type.Optional(Type.Array(literals(AID_TYPES), { maxItems: 7, description: "type d'aide" })),
  theme: Type.Optional(Type.Union([literals(THEMES), Type.Literal('')], { description: 'thème' })),
  avant: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')], { description: 'date limite de dépôt au plus tard le' })),
  plus: Type.Optional(Type.Literal('1', { description: 'jusqu’à 200 résultats au lieu de 30' })),
});
export type SearchQuery = Static<typeof SearchQuery>;

export function criteriaOf(query: SearchQuery, beneficiaryId: string): SearchCriteria {
  return {
    beneficiaryId,
    projectType: query.type || null,
    stage: query.etape || null,
    spendingKind: query.depenses || null,
    text: query.q?.trim() || null,
    levels: query.niveau ?? [],
    aidTypes: query.typeAide ?? [],
    theme: query.theme || null,
    deadlineBefore: query.avant || null,
  };
}

/** The query string of a search (to link to it, or to run a saved one). */
export function queryOf(c: SearchCriteria): string {
  const p = new URLSearchParams({ pour: c.beneficiaryId });
  if (c.projectType) p.set('type', c.projectType);
  if (c.stage) p.set('etape', c.stage);
  if (c.spendingKind) p.set('depenses', c.spendingKind);
  if (c.text) p.set('q', c.text);
  for (const l of c.levels ?? []) p.append('niveau', l);
  for (const t of c.aidTypes ?? []) p.append('typeAide', t);
  if (c.theme) p.set('theme', c.theme);
  if (c.deadlineBefore) p.set('avant', c.deadlineBefore);
  return p.toString();
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const SchemeOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  shortTitle: Nullable(Type.String()),
  description: Type.String(),
  funders: Type.Array(Type.String()),
  instructors: Type.Array(Type.String()),
  level: Type.String(),
  perimeter: Type.Object({ scale: Type.String(), code: Nullable(Type.String()), name: Type.String() }),
  audiences: Type.Array(Type.String()),
  aidTypes: Type.Array(Type.String()),
  projectTypes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  stages: Type.Array(Type.String()),
  spendingKinds: Type.Array(Type.String()),
  rateMin: Nullable(Type.String({ description: 'taux minimal en %, décimal exact' })),
  rateMax: Nullable(Type.String({ description: 'taux maximal en %, décimal exact' })),
  maxAidCents: Type.Union([Type.Integer(), Type.Null()]),
  minCostCents: Type.Union([Type.Integer(), Type.Null()]),
  criteria: Type.String({ description: "critères d'éligibilité, un cas par ligne (ex. « population ≤ 2 000 »)" }),
  condition: Nullable(Type.String()),
  startDate: Nullable(Type.String({ format: 'date' })),
  deadline: Nullable(Type.String({ format: 'date' })),
  recurrence: Type.String(),
  callForProjects: Type.Boolean(),
  originUrl: Nullable(Type.String()),
  applicationUrl: Nullable(Type.String()),
  contact: Nullable(Type.String()),
  status: Type.String(),
  fundingContribution: Type.Boolean(),
  importKey: Nullable(Type.String()),
});

export function presentScheme(s: FundingScheme): Static<typeof SchemeOut> {
  return {
    id: s.id,
    name: s.name,
    shortTitle: s.shortTitle,
    description: s.description,
    funders: [...s.funders],
    instructors: [...s.instructors],
    level: s.level,
    perimeter: { ...s.perimeter },
    audiences: [...s.audiences],
    aidTypes: [...s.aidTypes],
    projectTypes: [...s.projectTypes],
    keywords: [...s.keywords],
    stages: [...s.stages],
    spendingKinds: [...s.spendingKinds],
    rateMin: s.rateMin,
    rateMax: s.rateMax,
    maxAidCents: s.maxAidCents,
    minCostCents: s.minCostCents,
    criteria: formatCriteriaText(s.eligibility.groups),
    condition: s.eligibility.condition,
    startDate: s.startDate,
    deadline: s.deadline,
    recurrence: s.recurrence,
    callForProjects: s.callForProjects,
    originUrl: s.originUrl,
    applicationUrl: s.applicationUrl,
    contact: s.contact,
    status: s.status,
    fundingContribution: s.fundingContribution,
    importKey: s.importKey,
  };
}

export const ResultOut = Type.Object({
  scheme: SchemeOut,
  status: Type.String({ enum: ['eligible', 'unknown', 'ineligible'] }),
  reasons: Type.Array(Type.Object({ ok: Type.Union([Type.Boolean(), Type.Null()]), text: Type.String() })),
});

export function presentResult(r: SearchResult): Static<typeof ResultOut> {
  return { scheme: presentScheme(r.scheme), status: r.eligibility.status, reasons: r.eligibility.reasons.map((x) => ({ ok: x.ok, text: x.text })) };
}

/** The body of a scheme as the API and the form take it (lists as arrays, amounts and rates as French text). */
export const SchemeBody = Type.Object(
  {
    name: Type.String({ maxLength: 300 }),
    shortTitle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    description: Type.String({ maxLength: 20_000 }),
    funders: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 10 }),
    instructors: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 10 })),
    level: Type.String({ maxLength: 40 }),
    perimeterScale: Type.String({ maxLength: 40 }),
    perimeterCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    audiences: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
    aidTypes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
    projectTypes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 40 })),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 })),
    stages: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5 })),
    spendingKinds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5 })),
    rateMin: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    rateMax: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    maxAid: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    minCost: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    criteria: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    condition: Type.Optional(Type.Union([Type.String({ maxLength: 3000 }), Type.Null()])),
    startDate: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    deadline: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    recurrence: Type.String({ maxLength: 20 }),
    callForProjects: Type.Optional(Type.Boolean()),
    originUrl: Type.Optional(Type.Union([Type.String({ maxLength: 600 }), Type.Null()])),
    applicationUrl: Type.Optional(Type.Union([Type.String({ maxLength: 600 }), Type.Null()])),
    contact: Type.Optional(Type.Union([Type.String({ maxLength: 3000 }), Type.Null()])),
    status: Type.String({ maxLength: 20 }),
    fundingContribution: Type.Optional(Type.Boolean()),
    importKey: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  },
  { additionalProperties: false },
);
