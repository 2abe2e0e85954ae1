import type { Cents } from '../platform/money.ts';
import { evaluateEligibility, statusOfRank, statusRank, type Beneficiary, type Eligibility, type EligibilityResult, type Reason } from './eligibility.ts';

export type { Eligibility, CriteriaGroup, Bound, Range, Beneficiary, EligibilityResult, Reason } from './eligibility.ts';

/** Who funds: the level of the funder (Aides-territoires' scales). */
export const FUNDER_LEVELS = ['european', 'national', 'regional', 'departmental', 'intercommunal'] as const;
export type FunderLevel = (typeof FUNDER_LEVELS)[number];
export const FUNDER_LEVEL_LABELS: Record<FunderLevel, string> = {
  european: 'Union européenne',
  national: 'État et opérateurs nationaux',
  regional: 'Région',
  departmental: 'Département',
  intercommunal: 'Intercommunalité',
};

/** Aid types, as Aides-territoires names them. */
export const AID_TYPES = ['grant', 'loan', 'recoverableAdvance', 'technicalEngineering', 'financialEngineering', 'legalEngineering', 'other'] as const;
export type AidType = (typeof AID_TYPES)[number];
export const AID_TYPE_LABELS: Record<AidType, string> = {
  grant: 'Subvention',
  loan: 'Prêt',
  recoverableAdvance: 'Avance récupérable',
  technicalEngineering: 'Ingénierie technique',
  financialEngineering: 'Ingénierie financière',
  legalEngineering: 'Ingénierie juridique / administrative',
  other: 'Autre aide financière',
};

/** Targeted audiences (bénéficiaires). */
export const AUDIENCES = ['commune', 'epci', 'department', 'region', 'association', 'publicOrg', 'other'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = {
  commune: 'Communes',
  epci: 'Intercommunalités / Pays',
  department: 'Départements',
  region: 'Régions',
  association: 'Associations',
  publicOrg: "Établissements publics (écoles, bibliothèques…) / Services de l'État",
  other: 'Autres bénéficiaires',
};

/** The audience a collectivity of the territory belongs to, from its kind in the territory's register. */
export function audienceOfKind(kind: string): Audience {
  if (kind === 'commune') return 'commune';
  // A syndicate is an EPCI without its own taxation (CGCT L5212-1).
  if (kind === 'epci' || kind === 'otherEpci' || kind === 'syndicate') return 'epci';
  if (kind === 'ccas' || kind === 'publicEstablishment') return 'publicOrg';
  return 'other';
}

/** Broad themes; each project type belongs to one. */
export const THEMES = ['planning', 'buildings', 'energy', 'environment', 'digital', 'culture', 'solidarity', 'economy', 'engineering'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  planning: 'Aménagement, voirie et mobilités',
  buildings: 'Bâtiments et équipements publics',
  energy: 'Énergie et climat',
  environment: 'Eau et environnement',
  digital: 'Numérique',
  culture: 'Culture, sport et patrimoine',
  solidarity: 'Solidarités, santé et logement',
  economy: 'Économie, commerce et tourisme',
  engineering: 'Études et ingénierie',
};

/** Project types (typologie de projet), what an aid funds and what a commune's project is. */
export const PROJECT_TYPES = {
  roads: { label: 'Voirie et espaces publics', theme: 'planning' },
  mobility: { label: 'Mobilités douces et transports', theme: 'planning' },
  townCentre: { label: 'Revitalisation des centres-bourgs', theme: 'planning' },
  security: { label: 'Sécurité et prévention', theme: 'planning' },
  schools: { label: 'Écoles et bâtiments scolaires', theme: 'buildings' },
  publicBuildings: { label: 'Mairie et bâtiments publics', theme: 'buildings' },
  accessibility: { label: 'Accessibilité des bâtiments', theme: 'buildings' },
  energyRenovation: { label: 'Rénovation énergétique', theme: 'energy' },
  renewableEnergy: { label: 'Énergies renouvelables', theme: 'energy' },
  lighting: { label: 'Éclairage public', theme: 'energy' },
  water: { label: 'Eau potable et assainissement', theme: 'environment' },
  biodiversity: { label: 'Biodiversité, forêts et espaces naturels', theme: 'environment' },
  waste: { label: 'Déchets et économie circulaire', theme: 'environment' },
  risks: { label: 'Risques naturels', theme: 'environment' },
  digital: { label: 'Numérique et télécommunications', theme: 'digital' },
  culture: { label: 'Culture et lecture publique', theme: 'culture' },
  sport: { label: 'Équipements sportifs', theme: 'culture' },
  heritage: { label: 'Patrimoine', theme: 'culture' },
  childhood: { label: 'Petite enfance et jeunesse', theme: 'solidarity' },
  health: { label: 'Santé et accès aux soins', theme: 'solidarity' },
  housing: { label: 'Logement', theme: 'solidarity' },
  commerce: { label: 'Commerce et artisanat', theme: 'economy' },
  tourism: { label: 'Tourisme', theme: 'economy' },
  studies: { label: 'Études et ingénierie de projet', theme: 'engineering' },
} as const satisfies Record<string, { label: string; theme: Theme }>;
export type ProjectType = keyof typeof PROJECT_TYPES;
export const PROJECT_TYPE_CODES = Object.keys(PROJECT_TYPES) as ProjectType[];

export function projectTypesOfTheme(theme: Theme): ProjectType[] {
  return PROJECT_TYPE_CODES.filter((t) => PROJECT_TYPES[t].theme === theme);
}

/** Project stages (Aides-territoires' mobilisation steps). */
export const PROJECT_STAGES = ['reflection', 'implementation', 'use'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export const PROJECT_STAGE_LABELS: Record<ProjectStage, string> = {
  reflection: 'Réflexion / conception',
  implementation: 'Mise en œuvre / réalisation',
  use: 'Usage / valorisation',
};

export const SPENDING_KINDS = ['operating', 'investment'] as const;
export type SpendingKind = (typeof SPENDING_KINDS)[number];
export const SPENDING_KIND_LABELS: Record<SpendingKind, string> = { operating: 'Dépenses de fonctionnement', investment: 'Dépenses d’investissement' };

export const RECURRENCES = ['oneOff', 'ongoing', 'recurring'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const RECURRENCE_LABELS: Record<Recurrence, string> = { oneOff: 'Ponctuelle', ongoing: 'Permanente', recurring: 'Récurrente' };

export const SCHEME_STATUSES = ['draft', 'published', 'expired'] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];
export const SCHEME_STATUS_LABELS: Record<SchemeStatus, string> = { draft: 'Brouillon', published: 'Publiée', expired: 'Échue' };

/** Where an aid applies. */
export const PERIMETER_SCALES = ['europe', 'france', 'region', 'department', 'territory'] as const;
export type PerimeterScale = (typeof PERIMETER_SCALES)[number];
export interface Perimeter {
  readonly scale: PerimeterScale;
  /** INSEE code of the region or department; null for Europe, France and the territory. */
  readonly code: string | null;
  readonly name: string;
}

/** A funding scheme (aide financière, dispositif), as the model holds it. */
export interface FundingScheme {
  readonly id: string;
  readonly territoryId: string;
  readonly name: string;
  readonly shortTitle: string | null;
  readonly description: string;
  readonly funders: readonly string[];
  readonly instructors: readonly string[];
  readonly level: FunderLevel;
  readonly perimeter: Perimeter;
  readonly audiences: readonly Audience[];
  readonly aidTypes: readonly AidType[];
  /** Empty: any project type. */
  readonly projectTypes: readonly ProjectType[];
  readonly keywords: readonly string[];
  /** Empty: any stage. */
  readonly stages: readonly ProjectStage[];
  /** Empty: both kinds. */
  readonly spendingKinds: readonly SpendingKind[];
  /** Subsidy rate in percent, exact decimal strings ("40", "12.5"). */
  readonly rateMin: string | null;
  readonly rateMax: string | null;
  /** Largest amount of aid (plafond). */
  readonly maxAidCents: Cents | null;
  /** Smallest eligible project cost (plancher de dépense). */
  readonly minCostCents: Cents | null;
  readonly eligibility: Eligibility;
  readonly startDate: string | null;
  readonly deadline: string | null;
  readonly recurrence: Recurrence;
  readonly callForProjects: boolean;
  readonly originUrl: string | null;
  readonly applicationUrl: string | null;
  readonly contact: string | null;
  readonly status: SchemeStatus;
  /** The EPCI's own fonds de concours to its member communes. */
  readonly fundingContribution: boolean;
  readonly importKey: string | null;
  readonly updatedAt?: string;
}

/** What a scheme is made of, before it has an id. */
export type SchemeInput = Omit<FundingScheme, 'id' | 'territoryId' | 'updatedAt'>;

/** Open: published, and its deadline is today or later, or absent, or it is ongoing ("today" is passed in). */
export function isOpen(scheme: Pick<FundingScheme, 'status' | 'deadline' | 'recurrence'>, today: string): boolean {
  if (scheme.status !== 'published') return false;
  return scheme.recurrence === 'ongoing' || scheme.deadline === null || scheme.deadline >= today;
}

/** Past its deadline and not ongoing: to be marked expired. */
export function isPastDeadline(scheme: Pick<FundingScheme, 'deadline' | 'recurrence'>, today: string): boolean {
  return scheme.recurrence !== 'ongoing' && scheme.deadline !== null && scheme.deadline < today;
}

/** The level a perimeter implies when the data does not say (an imported aid). */
export function levelOfPerimeter(scale: PerimeterScale): FunderLevel {
  return ({ europe: 'european', france: 'national', region: 'regional', department: 'departmental', territory: 'intercommunal' } as const)[scale];
}

/** "40 %", "12,5 %", "de 20 à 80 %". */
export function formatRate(min: string | null, max: string | null): string | null {
  const f = (r: string) => `${r.replace('.', ',')}\u00a0%`;
  if (min && max && min !== max) return `de ${min.replace('.', ',')} à ${f(max)}`;
  if (max) return min === max || !min ? f(max) : `jusqu'à ${f(max)}`;
  if (min) return `au moins ${f(min)}`;
  return null;
}

/** A search: for whom (a collectivity of the territory), what project, and filters. */
export interface SearchCriteria {
  readonly beneficiaryId: string;
  readonly projectType?: ProjectType | null;
  readonly stage?: ProjectStage | null;
  readonly spendingKind?: SpendingKind | null;
  readonly text?: string | null;
  readonly levels?: readonly FunderLevel[];
  readonly aidTypes?: readonly AidType[];
  readonly theme?: Theme | null;
  /** Only aids that close on or before this date. */
  readonly deadlineBefore?: string | null;
}

/** Where a project's application for an aid stands. */
export const FUNDING_STATUSES = ['toStudy', 'applied', 'obtained', 'refused'] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];
export const FUNDING_STATUS_LABELS: Record<FundingStatus, string> = { toStudy: 'À étudier', applied: 'Demande déposée', obtained: 'Obtenue', refused: 'Refusée' };

export interface Project {
  readonly id: string;
  readonly collectivityId: string;
  readonly title: string;
  readonly projectType: ProjectType;
  readonly stage: ProjectStage;
  readonly spendingKind: SpendingKind;
  readonly estimatedCostCents: Cents;
  readonly description: string | null;
}

/** A deliberation as recorded before the assemblies module exists: body, date, reference (deliberationId later). */
export interface DeliberationRef {
  readonly body: string;
  readonly date: string;
  readonly reference: string;
  readonly deliberationId: string | null;
}

export interface ProjectFunding {
  readonly id: string;
  readonly projectId: string;
  readonly schemeId: string;
  readonly status: FundingStatus;
  readonly requestedCents: Cents | null;
  readonly obtainedCents: Cents | null;
  /** Decision date: YYYY, YYYY-MM or YYYY-MM-DD with its precision ("lauréat en 2018"). */
  readonly decidedOn: { readonly value: string; readonly precision: 'year' | 'month' | 'day' } | null;
  readonly note: string | null;
  readonly epciDeliberation: DeliberationRef | null;
  readonly communeDeliberation: DeliberationRef | null;
}

/** The beneficiary of a search with what the whole rule reads: its audience and where it is. */
export interface SearchBeneficiary extends Beneficiary {
  readonly collectivityId: string;
  readonly kind: string;
  readonly audience: Audience;
  readonly departmentCode: string | null;
  readonly regionCode: string | null;
  /** The years of the figures used, said next to them (the population is the latest legal one). */
  readonly densityYear: number | null;
  readonly fiscalPotentialYear: number | null;
}

const KIND_TEXT: Record<string, string> = { commune: 'commune', epci: 'EPCI', ccas: 'CCAS', syndicate: 'syndicat', publicEstablishment: 'établissement public', otherEpci: 'EPCI', other: 'collectivité' };

/** Whether the scheme is for this beneficiary, and why: audience, perimeter, then demography and finance. */
export function evaluateScheme(scheme: Pick<FundingScheme, 'audiences' | 'perimeter' | 'eligibility'>, b: SearchBeneficiary): EligibilityResult {
  const reasons: Reason[] = [];
  const kind = KIND_TEXT[b.kind] ?? 'collectivité';
  if (scheme.audiences.length > 0) {
    const ok = scheme.audiences.includes(b.audience);
    const aimed = scheme.audiences.map((a) => AUDIENCE_LABELS[a].toLowerCase()).join(', ');
    // Said only when it fails: that a commune may apply to an aid for communes goes without saying.
    if (!ok) reasons.push({ ok, text: `bénéficiaire : ${kind}, l'aide vise : ${aimed} : non éligible` });
  }
  const p = scheme.perimeter;
  if (p.scale === 'department' || p.scale === 'region') {
    const own = p.scale === 'department' ? b.departmentCode : b.regionCode;
    if (own === null) reasons.push({ ok: null, text: `périmètre : ${p.name}, situation de la collectivité inconnue : à vérifier` });
    else if (own !== p.code) reasons.push({ ok: false, text: `périmètre : ${p.name}, hors du territoire de la collectivité : non éligible` });
  }
  const demography = evaluateEligibility(scheme.eligibility, b);
  const all = [...reasons, ...demography.reasons];
  if (scheme.eligibility.groups.length === 0 && reasons.length === 0) all.unshift({ ok: true, text: `aucun critère de population, de densité ou de potentiel financier : éligible` });
  const ranks = [statusRank(demography.status), ...reasons.map((r) => (r.ok === false ? 0 : r.ok === null ? 1 : 2))];
  return { status: statusOfRank(Math.min(...ranks)), reasons: all };
}
