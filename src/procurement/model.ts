import type { Cents } from '../platform/money.ts';
import { siretValid } from '../territory/model.ts';
import * as decp from './decp-vocabulary.ts';

export * from './decp-vocabulary.ts';

/** What a group buys: works, supplies, services (CCP L1111-2 to L1111-4). */
export const SCOPES = ['works', 'supplies', 'services'] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, string> = { works: 'Travaux', supplies: 'Fournitures', services: 'Services' };

export const GROUP_STATUSES = ['forming', 'active', 'closed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export const GROUP_STATUS_LABELS: Record<GroupStatus, string> = { forming: 'En cours de constitution', active: 'Constitué', closed: 'Clos' };

/** What the constitutive agreement gives the coordinator to do (CCP L2113-7). */
export const COORDINATOR_MISSIONS = ['award', 'awardAndSignature', 'awardAndExecution'] as const;
export type CoordinatorMission = (typeof COORDINATOR_MISSIONS)[number];
export const COORDINATOR_MISSION_LABELS: Record<CoordinatorMission, string> = {
  award: 'Passation jusqu’à l’attribution : chaque membre signe, notifie et exécute son marché',
  awardAndSignature: 'Passation, signature et notification pour tous : chaque membre exécute sa part',
  awardAndExecution: 'Passation, signature et exécution pour tous les membres',
};

/** True when the coordinator signs the contracts for all members: it is then their one buyer (and publisher in DECP). */
export function coordinatorSigns(mission: CoordinatorMission): boolean {
  return mission !== 'award';
}

export const CONSUMPTION_KINDS = ['ordered', 'invoiced'] as const;
export type ConsumptionKind = (typeof CONSUMPTION_KINDS)[number];
export const CONSUMPTION_KIND_LABELS: Record<ConsumptionKind, string> = { ordered: 'Commandé', invoiced: 'Facturé' };

export interface GroupMember {
  readonly id: string;
  readonly collectivityId: string;
  readonly name: string;
  readonly kind: string;
  readonly inseeCode: string | null;
  readonly siret: string | null;
  readonly approvalBody: string | null;
  readonly approvalDate: string | null;
  readonly approvalReference: string | null;
  readonly deliberationId: string | null;
}

export interface Lot {
  readonly id: string;
  readonly groupId: string;
  readonly number: number;
  readonly title: string;
  readonly unit: string | null;
}

export interface PurchasingGroup {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly scopes: readonly Scope[];
  readonly categories: readonly string[];
  readonly coordinatorId: string;
  readonly status: GroupStatus;
  readonly agreementSignedOn: string | null;
  readonly agreementDurationMonths: number | null;
  readonly coordinatorMission: CoordinatorMission;
  readonly launchedOn: string | null;
  readonly closedOn: string | null;
  readonly note: string | null;
}

/** A member's need for a lot: a quantity in the lot's unit and/or an estimated amount excl. VAT. */
export interface Need {
  readonly id: string;
  readonly lotId: string;
  readonly collectivityId: string;
  /** Exact decimal as text ("12.5"). */
  readonly quantity: string | null;
  readonly estimatedCents: Cents | null;
  readonly comment: string | null;
}

/** A located refusal: the field (or column) it names and the French sentence. */
export interface Problem {
  readonly field: string;
  readonly message: string;
}

export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,15}$/;

/** Checks a new group's own fields (the coordinator is checked with the members). */
export function groupProblems(input: { reference: string; object: string; scopes: readonly string[]; coordinatorMission: string; agreementDurationMonths: number | null }): Problem[] {
  const problems: Problem[] = [];
  if (!REFERENCE_PATTERN.test(input.reference)) problems.push({ field: 'reference', message: 'Le champ « référence » doit contenir 1 à 16 lettres, chiffres ou signes - _ . / (ex. GC-2019-03).' });
  const object = input.object.trim();
  if (object.length < 3 || object.length > 1000) problems.push({ field: 'object', message: 'Le champ « objet » doit contenir entre 3 et 1 000 caractères.' });
  if (input.scopes.length === 0 || input.scopes.some((s) => !(SCOPES as readonly string[]).includes(s))) {
    problems.push({ field: 'scopes', message: 'Le champ « périmètre » doit comprendre travaux, fournitures et/ou services.' });
  }
  if (!(COORDINATOR_MISSIONS as readonly string[]).includes(input.coordinatorMission)) problems.push({ field: 'coordinatorMission', message: 'Le champ « mission du coordonnateur » est inconnu.' });
  const d = input.agreementDurationMonths;
  if (d !== null && (!Number.isInteger(d) || d < 1 || d > 600)) problems.push({ field: 'agreementDurationMonths', message: 'Le champ « durée de la convention » doit être un nombre de mois entre 1 et 600.' });
  return problems;
}

/** The coordinator is one of the members (CCP L2113-7: the members name it among themselves). */
export function coordinatorProblem(coordinatorId: string, memberIds: readonly string[]): Problem | null {
  return memberIds.includes(coordinatorId) ? null : { field: 'coordinatorId', message: 'Le coordonnateur doit être membre du groupement.' };
}

/** Why the constitutive agreement cannot be recorded as signed on that date, or null. */
export function signingProblem(group: PurchasingGroup, memberIds: readonly string[]): Problem | null {
  if (group.status !== 'forming') return { field: 'agreementSignedOn', message: 'La convention constitutive de ce groupement est déjà signée.' };
  if (memberIds.length < 2) return { field: 'agreementSignedOn', message: 'Un groupement de commandes réunit au moins deux acheteurs : ajoutez un autre membre.' };
  return coordinatorProblem(group.coordinatorId, memberIds);
}

/** Needs are collected before the joint procedure is launched, and not in a closed group. */
export function needsOpen(group: PurchasingGroup): boolean {
  return group.launchedOn === null && group.status !== 'closed';
}

/**
 * Why the joint procedure cannot be launched on that date, or null. Each member approves the agreement by a
 * deliberation before the procedure starts (CCP L2113-6, CGCT L2122-21-1 for communes), and the agreement is signed.
 */
export function launchProblem(group: PurchasingGroup, members: readonly GroupMember[], lots: readonly Lot[], launchedOn: string): Problem | null {
  if (group.launchedOn) return { field: 'launchedOn', message: 'La procédure de ce groupement est déjà lancée.' };
  if (group.status !== 'active' || !group.agreementSignedOn) return { field: 'launchedOn', message: 'La convention constitutive doit être signée avant le lancement de la procédure.' };
  if (launchedOn < group.agreementSignedOn) return { field: 'launchedOn', message: 'Le lancement ne peut précéder la signature de la convention constitutive.' };
  if (lots.length === 0) return { field: 'launchedOn', message: 'Définissez au moins un lot avant de lancer la procédure.' };
  const missing = members.filter((m) => !m.approvalDate || m.approvalDate > launchedOn);
  if (missing.length > 0) {
    return { field: 'launchedOn', message: `Approbation par délibération manquante avant le lancement : ${missing.map((m) => m.name).join(', ')}.` };
  }
  return null;
}

/** Checks a need: at least a quantity or an amount, neither negative. */
export function needProblem(quantity: string | null, estimatedCents: number | null, field: string): Problem | null {
  if (quantity !== null && !/^\d{1,12}(\.\d{1,4})?$/.test(quantity)) return { field: `${field}-quantite`, message: 'La quantité doit être un nombre positif (4 décimales au plus).' };
  if (estimatedCents !== null && (estimatedCents < 0 || !Number.isSafeInteger(estimatedCents))) return { field: `${field}-montant`, message: 'Le montant estimé doit être un montant positif en euros.' };
  return null;
}

/** Common Procurement Vocabulary code: 8 digits, optionally its check digit (45233141-9). */
export function cpvValid(code: string): boolean {
  return /^[0-9]{8}(-[0-9])?$/.test(code);
}

/** A period of consumption: a year (2019) or a month (2019-03). */
export function periodValid(period: string): boolean {
  return /^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period);
}

/** Problems of a supplier identifier: a SIRET has 14 digits and a valid Luhn key. */
export function supplierIdentifierProblem(identifier: string, type: string): string | null {
  if (!(decp.IDENTIFIER_TYPES as readonly string[]).includes(type)) return `Type d'identifiant « ${type} » inconnu (attendu : ${decp.IDENTIFIER_TYPES.join(', ')}).`;
  if (type === 'SIRET') {
    if (!/^\d{14}$/.test(identifier)) return `Le SIRET « ${identifier} » doit comporter 14 chiffres.`;
    if (!siretValid(identifier)) return `Le SIRET « ${identifier} » est invalide (clé de contrôle de Luhn incorrecte).`;
  } else if (identifier.trim() === '' || identifier.length > 40) return "L'identifiant du titulaire doit contenir entre 1 et 40 caractères.";
  return null;
}

/** Who may sign a group's contract: the coordinator when it signs for all, otherwise each member for itself. */
export function buyerProblem(group: Pick<PurchasingGroup, 'coordinatorId' | 'coordinatorMission'>, memberIds: readonly string[], buyerId: string | null): Problem | null {
  if (buyerId === null) return { field: 'buyerId', message: "L'acheteur d'un marché issu d'un groupement doit être un membre du groupement." };
  if (coordinatorSigns(group.coordinatorMission)) {
    return buyerId === group.coordinatorId ? null : { field: 'buyerId', message: 'Le coordonnateur signe ce marché pour tous les membres : il en est l’acheteur.' };
  }
  return memberIds.includes(buyerId) ? null : { field: 'buyerId', message: "Chaque membre signe son propre marché : l'acheteur doit être membre du groupement." };
}

/** A modification as the ceiling and duration need it. */
export interface ModificationTerms {
  readonly seq: number;
  readonly amountCents: Cents | null;
  readonly durationMonths: number | null;
}

/** The contract's amount and duration in force: the latest modification that sets each, or the initial one. */
export function termsInForce(initial: { amountCents: Cents; durationMonths: number }, modifications: readonly ModificationTerms[]): { amountCents: Cents; durationMonths: number } {
  const ordered = [...modifications].sort((a, b) => a.seq - b.seq);
  let { amountCents, durationMonths } = initial;
  for (const m of ordered) {
    if (m.amountCents !== null) amountCents = m.amountCents;
    if (m.durationMonths !== null) durationMonths = m.durationMonths;
  }
  return { amountCents, durationMonths };
}

/** One member's consumption of a contract set against its declared need and the contract ceiling. */
export interface ConsumptionLine {
  readonly collectivityId: string;
  readonly consumedCents: Cents;
  readonly neededCents: Cents | null;
}

export interface ConsumptionCheck {
  readonly lines: readonly (ConsumptionLine & { readonly overNeed: boolean })[];
  readonly totalCents: Cents;
  readonly ceilingCents: Cents;
  /** Consumption past the ceiling (amount in force, excl. VAT): the contract must be modified or a new one awarded. */
  readonly beyondCeiling: boolean;
  readonly remainingCents: Cents;
}

/** Consumption against needs and ceiling; beyond the ceiling is flagged (CCP R2194-7 to R2194-9 cap modifications). */
export function checkConsumption(lines: readonly ConsumptionLine[], ceilingCents: Cents): ConsumptionCheck {
  const total = lines.reduce((a, l) => a + l.consumedCents, 0) as Cents;
  return {
    lines: lines.map((l) => ({ ...l, overNeed: l.neededCents !== null && l.consumedCents > l.neededCents })),
    totalCents: total,
    ceilingCents,
    beyondCeiling: total > ceilingCents,
    remainingCents: (ceilingCents - total) as Cents,
  };
}

/** A period of the DECP publication obligation and its threshold excl. VAT (null before the obligation existed). */
export interface PublicationThreshold {
  readonly from: string;
  readonly to: string | null;
  readonly thresholdCents: Cents | null;
  readonly basis: string;
}

/**
 * Essential data must be published for contracts of at least the threshold in force on their notification date.
 * Effective-dated, not code: a later decree adds a period.
 */
export const PUBLICATION_THRESHOLDS: readonly PublicationThreshold[] = [
  { from: '0001-01-01', to: '2018-09-30', thresholdCents: null, basis: 'avant le 1er octobre 2018 : pas de données essentielles sur le profil d’acheteur' },
  { from: '2018-10-01', to: '2019-12-31', thresholdCents: 2_500_000 as Cents, basis: 'décret 2016-360 art. 107 et arrêté du 14 avril 2017 : 25 000 € HT' },
  { from: '2020-01-01', to: null, thresholdCents: 4_000_000 as Cents, basis: 'CCP R2196-1, décret 2019-1344 : 40 000 € HT' },
];

export function thresholdOn(date: string): PublicationThreshold {
  return PUBLICATION_THRESHOLDS.find((t) => t.from <= date && (t.to === null || date <= t.to)) ?? PUBLICATION_THRESHOLDS.at(-1)!;
}

/** Whether a contract's essential data must be published: at or above the threshold in force at its notification. */
export function mustPublish(notifiedOn: string, amountCents: Cents): boolean {
  const t = thresholdOn(notifiedOn).thresholdCents;
  return t !== null && amountCents >= t;
}

const QUANTITY_SCALE = 10_000n;

/** Sums exact decimal quantities ("12.5" + "0.25" = "12.75"), never through floats. */
export function sumQuantities(values: readonly string[]): string {
  const total = values.reduce((a, v) => {
    const [whole, fraction = ''] = v.split('.');
    return a + BigInt(whole!) * QUANTITY_SCALE + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  }, 0n);
  const fraction = (total % QUANTITY_SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${total / QUANTITY_SCALE}${fraction ? `.${fraction}` : ''}`;
}
