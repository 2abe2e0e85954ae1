import { formatInteger, formatLegalDate, isCalendarDate, parseLegalDate, type DatePrecision } from '../platform/format.ts';
import { COLLECTIVITY_KIND_LABELS, type CollectivityKind } from '../territory/model.ts';

// The catalogue of services to communes: offers, eligibility as data, subscriptions, indicators, trainees' retention.

export const OFFER_KINDS = ['service', 'support', 'membership', 'network', 'training', 'event'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  service: 'Outil ou service',
  support: 'Accompagnement',
  membership: 'Adhésion prise pour les communes',
  network: 'Réseau de référents',
  training: 'Formation',
  event: 'Événement',
};

export const DOMAINS = ['digital', 'gis', 'dataProtection', 'communication', 'purchasing', 'governance', 'funding'] as const;
export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_LABELS: Record<Domain, string> = {
  digital: 'Numérique et systèmes d’information',
  gis: 'Information géographique',
  dataProtection: 'Protection des données',
  communication: 'Communication',
  purchasing: 'Achat public',
  governance: 'Pilotage et direction générale',
  funding: 'Financements',
};

export const OFFER_STATUSES = ['open', 'planned', 'closed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = { open: 'Ouverte', planned: 'En préparation', closed: 'Close' };

export const PRICINGS = ['free', 'charged'] as const;
export type Pricing = (typeof PRICINGS)[number];
export const PRICING_LABELS: Record<Pricing, string> = { free: 'Gratuit', charged: 'Refacturé selon une clé de répartition' };

/** Referents' themes: one referent per commune per theme. */
export const THEMES = ['dsi', 'com', 'dgs', 'gis', 'dataProtection', 'purchasing'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  dsi: 'Systèmes d’information (club DSI)',
  com: 'Communication (club COM)',
  dgs: 'Direction générale des services',
  gis: 'Information géographique (SIG)',
  dataProtection: 'Données personnelles (RGPD)',
  purchasing: 'Achat public',
};

/** One rule of an offer's eligibility; every rule must hold. No rule at all: every member commune. */
export type EligibilityRule =
  | { readonly kind: 'populationBelow'; readonly threshold: number }
  | { readonly kind: 'populationAtLeast'; readonly threshold: number }
  | { readonly kind: 'collectivityKinds'; readonly kinds: readonly CollectivityKind[] }
  | { readonly kind: 'list'; readonly inseeCodes: readonly string[] };

export interface SubItem {
  readonly title: string;
  readonly launchedOn: string | null;
  readonly launchPrecision: DatePrecision | null;
}

export interface Offer {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly kind: OfferKind;
  readonly domain: Domain;
  readonly providerId: string;
  readonly providerService: string | null;
  readonly launchedOn: string | null;
  readonly launchPrecision: DatePrecision | null;
  readonly status: OfferStatus;
  readonly subItems: readonly SubItem[];
  readonly eligibility: readonly EligibilityRule[];
  readonly pricing: Pricing;
  readonly allocationKey: string | null;
  readonly contact: string | null;
  readonly theme: Theme | null;
}

export type SubscriptionStatus = 'requested' | 'approved' | 'refused';
/** What a subscription is on a day: approved ones are waiting, active or ended according to their dates. */
export type SubscriptionState = 'requested' | 'refused' | 'approved' | 'active' | 'ended';
export const SUBSCRIPTION_STATE_LABELS: Record<SubscriptionState, string> = {
  requested: 'Demandée',
  refused: 'Refusée',
  approved: 'Acceptée, à venir',
  active: 'Active',
  ended: 'Terminée',
};

export interface Subscription {
  readonly id: string;
  readonly offerId: string;
  readonly collectivityId: string;
  readonly status: SubscriptionStatus;
  readonly requestedOn: string;
  readonly requestNote: string | null;
  readonly decidedOn: string | null;
  readonly refusalReason: string | null;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

export interface Account {
  readonly id: string;
  readonly subscriptionId: string;
  readonly count: number;
  readonly holderName: string | null;
  readonly openedOn: string;
  readonly closedOn: string | null;
}

export interface Referent {
  readonly id: string;
  readonly collectivityId: string;
  readonly theme: Theme;
  readonly name: string;
  readonly position: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface Meeting {
  readonly id: string;
  readonly offerId: string;
  readonly heldOn: string;
  readonly topic: string;
  readonly place: string | null;
  readonly outsideAttendees: number;
}

export interface Attendance {
  readonly id: string;
  readonly meetingId: string;
  readonly collectivityId: string;
  readonly attendees: number;
}

export interface TrainingSession {
  readonly id: string;
  readonly offerId: string;
  readonly reference: string;
  readonly topic: string;
  readonly heldOn: string;
  readonly place: string | null;
  readonly trainer: string | null;
}

export interface Trainee {
  readonly id: string;
  readonly sessionId: string;
  readonly personRef: string;
  readonly name: string | null;
  readonly role: string | null;
  readonly collectivityId: string | null;
  readonly outsideBody: string | null;
  readonly anonymisedOn: string | null;
}

export interface Problem {
  readonly field: string;
  readonly message: string;
}

/** Who asks: a collectivity with its kind, INSEE code and population (municipale, latest known). */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly kind: CollectivityKind;
  readonly inseeCode: string | null;
  readonly population: number | null;
}

export interface EligibilityVerdict {
  readonly eligible: boolean;
  /** French, shown to the commune and to the pooling team. */
  readonly reason: string;
}

const inhabitants = (n: number) => `${formatInteger(n)} habitant${n > 1 ? 's' : ''}`;

/** The eligibility rules as a French sentence ("Communes de moins de 2 000 habitants"). */
export function describeEligibility(rules: readonly EligibilityRule[]): string {
  const kinds = rules.find((r) => r.kind === 'collectivityKinds');
  const who = kinds && kinds.kind === 'collectivityKinds' ? kinds.kinds.map((k) => COLLECTIVITY_KIND_LABELS[k]).join(', ') : 'Toutes les communes membres';
  const parts = rules.flatMap((r) => {
    if (r.kind === 'populationBelow') return [`de moins de ${inhabitants(r.threshold)}`];
    if (r.kind === 'populationAtLeast') return [`d’au moins ${inhabitants(r.threshold)}`];
    if (r.kind === 'list') return [`de la liste fixée (${r.inseeCodes.length} code${r.inseeCodes.length > 1 ? 's' : ''} INSEE)`];
    return [];
  });
  if (parts.length === 0) return who;
  return `${kinds ? who : 'Communes membres'} ${parts.join(' et ')}`;
}

/** Whether a collectivity may subscribe to an offer, and why (its provider never subscribes to its own offer). */
export function checkEligibility(offer: Pick<Offer, 'providerId' | 'eligibility' | 'status' | 'title'>, who: Candidate): EligibilityVerdict {
  if (offer.status === 'closed') return { eligible: false, reason: `L’offre « ${offer.title} » est close : elle n’accueille plus d’adhésion.` };
  if (who.id === offer.providerId) return { eligible: false, reason: `${who.name} fournit elle-même l’offre « ${offer.title} ».` };
  const kinds = offer.eligibility.find((r) => r.kind === 'collectivityKinds');
  const allowedKinds: readonly CollectivityKind[] = kinds && kinds.kind === 'collectivityKinds' ? kinds.kinds : ['commune'];
  if (!allowedKinds.includes(who.kind)) return { eligible: false, reason: `Offre réservée aux collectivités suivantes : ${allowedKinds.map((k) => COLLECTIVITY_KIND_LABELS[k]).join(', ')} ; ${who.name} est de type « ${COLLECTIVITY_KIND_LABELS[who.kind]} ».` };
  for (const rule of offer.eligibility) {
    if (rule.kind === 'populationBelow' || rule.kind === 'populationAtLeast') {
      if (who.population === null) return { eligible: false, reason: `La population de ${who.name} n’est pas connue : l’éligibilité (seuil de ${inhabitants(rule.threshold)}) ne peut pas être vérifiée.` };
      if (rule.kind === 'populationBelow' && who.population >= rule.threshold)
        return { eligible: false, reason: `Offre réservée aux communes de moins de ${inhabitants(rule.threshold)} : ${who.name} en compte ${formatInteger(who.population)} (population municipale).` };
      if (rule.kind === 'populationAtLeast' && who.population < rule.threshold)
        return { eligible: false, reason: `Offre réservée aux communes d’au moins ${inhabitants(rule.threshold)} : ${who.name} en compte ${formatInteger(who.population)} (population municipale).` };
    }
    if (rule.kind === 'list' && (who.inseeCode === null || !rule.inseeCodes.includes(who.inseeCode))) return { eligible: false, reason: `Offre réservée à une liste de communes dont ${who.name} ne fait pas partie.` };
  }
  return { eligible: true, reason: `${who.name} est éligible : ${describeEligibility(offer.eligibility).toLowerCase()}.` };
}

/** Eligibility rules as received (API, forms, imports): refused with a French message naming the field. */
export function eligibilityProblem(rules: readonly EligibilityRule[]): Problem | null {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.kind)) return { field: 'eligibility', message: 'Le champ « éligibilité » contient deux règles du même type.' };
    seen.add(rule.kind);
    if ((rule.kind === 'populationBelow' || rule.kind === 'populationAtLeast') && (!Number.isInteger(rule.threshold) || rule.threshold < 1 || rule.threshold > 10_000_000))
      return { field: 'eligibility', message: 'Le champ « éligibilité » : le seuil de population doit être un nombre entier d’habitants positif.' };
    if (rule.kind === 'list' && (rule.inseeCodes.length === 0 || rule.inseeCodes.some((c) => !/^(\d{5}|2[AB]\d{3})$/.test(c))))
      return { field: 'eligibility', message: 'Le champ « éligibilité » : la liste doit contenir des codes INSEE à 5 caractères.' };
    if (rule.kind === 'collectivityKinds' && rule.kinds.length === 0) return { field: 'eligibility', message: 'Le champ « éligibilité » : choisissez au moins un type de collectivité.' };
  }
  const below = rules.find((r) => r.kind === 'populationBelow');
  const atLeast = rules.find((r) => r.kind === 'populationAtLeast');
  if (below && atLeast && below.kind === 'populationBelow' && atLeast.kind === 'populationAtLeast' && atLeast.threshold >= below.threshold)
    return { field: 'eligibility', message: 'Le champ « éligibilité » : le seuil minimal de population doit être inférieur au seuil maximal.' };
  return null;
}

export interface OfferInput {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly kind: string;
  readonly domain: string;
  readonly launchedOn?: string | null | undefined;
  readonly status?: string | undefined;
  readonly pricing?: string | undefined;
  readonly allocationKey?: string | null | undefined;
  readonly theme?: string | null | undefined;
  readonly eligibility?: readonly EligibilityRule[] | undefined;
}

/** Problems of a new offer, each naming its field. */
export function offerProblems(input: OfferInput): Problem[] {
  const problems: Problem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(input.code)) problems.push({ field: 'code', message: 'Le champ « code » : 2 à 40 caractères, minuscules, chiffres et tirets (ex. sig, rgpd).' });
  if (input.title.trim().length < 3 || input.title.length > 160) problems.push({ field: 'title', message: 'Le champ « intitulé » est obligatoire (3 à 160 caractères).' });
  if (input.description.trim() === '' || input.description.length > 4000) problems.push({ field: 'description', message: 'Le champ « description » est obligatoire (4 000 caractères au plus).' });
  if (!(OFFER_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: 'Le champ « nature de l’offre » a une valeur inconnue.' });
  if (!(DOMAINS as readonly string[]).includes(input.domain)) problems.push({ field: 'domain', message: 'Le champ « domaine » a une valeur inconnue.' });
  if (input.status !== undefined && !(OFFER_STATUSES as readonly string[]).includes(input.status)) problems.push({ field: 'status', message: 'Le champ « statut » a une valeur inconnue.' });
  if (input.pricing !== undefined && !(PRICINGS as readonly string[]).includes(input.pricing)) problems.push({ field: 'pricing', message: 'Le champ « tarification » a une valeur inconnue.' });
  if (input.pricing === 'charged' && !input.allocationKey?.trim()) problems.push({ field: 'allocationKey', message: 'Une offre refacturée nomme sa clé de répartition (champ « clé de répartition »).' });
  if (input.theme && !(THEMES as readonly string[]).includes(input.theme)) problems.push({ field: 'theme', message: 'Le champ « thème des référents » a une valeur inconnue.' });
  if (input.kind === 'network' && !input.theme) problems.push({ field: 'theme', message: 'Un réseau de référents nomme le thème de ses référents.' });
  if (input.launchedOn && !parseLegalDate(input.launchedOn)) problems.push({ field: 'launchedOn', message: 'Le champ « date de lancement » doit être une année (2019), un mois (2019-03) ou une date (2019-03-15).' });
  const rule = eligibilityProblem(input.eligibility ?? []);
  if (rule) problems.push(rule);
  return problems;
}

/** "depuis mars 2019", "octobre 2019", or null. */
export function launchText(launchedOn: string | null, precision: DatePrecision | null): string | null {
  return launchedOn && precision ? formatLegalDate({ value: launchedOn, precision }) : null;
}

/** The state of a subscription on a day. */
export function subscriptionState(s: Pick<Subscription, 'status' | 'startsOn' | 'endsOn'>, today: string): SubscriptionState {
  if (s.status !== 'approved') return s.status;
  if (s.endsOn !== null && s.endsOn < today) return 'ended';
  if (s.startsOn !== null && s.startsOn > today) return 'approved';
  return 'active';
}

/** Dates of a subscription: real calendar dates, the end not before the start. */
export function periodProblem(startsOn: string, endsOn: string | null): Problem | null {
  if (!isCalendarDate(startsOn)) return { field: 'startsOn', message: 'Le champ « début de l’adhésion » doit être une date (AAAA-MM-JJ).' };
  if (endsOn !== null && !isCalendarDate(endsOn)) return { field: 'endsOn', message: 'Le champ « fin de l’adhésion » doit être une date (AAAA-MM-JJ).' };
  if (endsOn !== null && endsOn < startsOn) return { field: 'endsOn', message: `La fin de l’adhésion (${endsOn.split('-').reverse().join('/')}) précède son début (${startsOn.split('-').reverse().join('/')}).` };
  return null;
}

/** A refusal states its reason (what the commune reads). */
export function refusalProblem(reason: string): Problem | null {
  const text = reason.trim();
  if (text.length < 5 || text.length > 1000) return { field: 'reason', message: 'Le champ « motif du refus » est obligatoire (5 à 1 000 caractères) : la commune le lira.' };
  return null;
}

/** An open subscription (requested, or approved and not ended by `today`) blocks a second request for the same offer. */
export function isOpen(s: Subscription, today: string): boolean {
  const state = subscriptionState(s, today);
  return state === 'requested' || state === 'approved' || state === 'active';
}

// RGPD art. 5(1)(e) (storage limitation): trainees' names and roles are kept for the territory's period, then anonymised.
export const DEFAULT_RETENTION_MONTHS = 36;

/** The first day on which a session's trainees must be anonymised: the session's date plus the retention period. */
export function anonymisationDate(heldOn: string, retentionMonths: number): string {
  const [y, m, d] = heldOn.split('-').map(Number) as [number, number, number];
  const months = m - 1 + retentionMonths;
  const year = y + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function retentionProblem(months: number): Problem | null {
  return Number.isInteger(months) && months >= 1 && months <= 120 ? null : { field: 'retentionMonths', message: 'Le champ « durée de conservation » doit être un nombre entier de mois entre 1 et 120.' };
}

/** The same person in one import or register: name compared without case, accents or extra spaces, in one collectivity. */
export function personKey(name: string, body: string): string {
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${norm(name)}|${norm(body)}`;
}
