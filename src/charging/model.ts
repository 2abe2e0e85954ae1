import type { ChargingScheme } from '../agreements/charging-scheme.ts';
import { Cents, splitCents } from '../platform/money.ts';

/** Cost categories of the reference scheme: direct charges (staff, operating, investment), indirect (support, overhead). */
export const COST_CATEGORIES = ['staff', 'operating', 'investment', 'support', 'overhead'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const DIRECT_CATEGORIES: readonly CostCategory[] = ['staff', 'operating', 'investment'];
export const COST_CATEGORY_LABELS: Record<CostCategory, string> = {
  staff: 'Charges de personnel',
  operating: 'Charges de fonctionnement',
  investment: 'Investissement (amortissements)',
  support: 'Moyens ressources (fonctions support)',
  overhead: 'Frais de structure',
};
/** What a participant is billed for: a cost category, or units of work at the notified unit cost. */
export type BillingCategory = CostCategory | 'units';
export const BILLING_CATEGORIES: readonly BillingCategory[] = [...COST_CATEGORIES, 'units'];
export const BILLING_CATEGORY_LABELS: Record<BillingCategory, string> = { ...COST_CATEGORY_LABELS, units: 'Unités de fonctionnement' };

export const PHASES = ['provisional', 'final'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, string> = { provisional: 'Prévisionnel (budget primitif)', final: 'Définitif (compte administratif)' };
/** Cost lines of a provisional run come from the budget, those of a final run from the actual accounts. */
export const COST_PHASE: Record<Phase, CostPhase> = { provisional: 'budget', final: 'actual' };
export type CostPhase = 'budget' | 'actual';
export const COST_PHASE_LABELS: Record<CostPhase, string> = { budget: 'Budget', actual: 'Réalisé' };

export const SUPPORT_METHODS = ['stepDown', 'reciprocal'] as const;
export type SupportMethod = (typeof SUPPORT_METHODS)[number];
export const SUPPORT_METHOD_LABELS: Record<SupportMethod, string> = {
  stepDown: 'Répartition en cascade (dans l’ordre indiqué)',
  reciprocal: 'Méthode réciproque (système d’équations résolu exactement)',
};

export const RUN_STATUSES = ['draft', 'validated'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_LABELS: Record<RunStatus, string> = { draft: 'Brouillon', validated: 'Validé' };

export const PAYMENT_ROUTES = ['invoice', 'compensationDeduction'] as const;
export type PaymentRoute = (typeof PAYMENT_ROUTES)[number];
export const PAYMENT_ROUTE_LABELS: Record<PaymentRoute, string> = {
  invoice: 'Titre de recettes',
  compensationDeduction: 'Imputation sur l’attribution de compensation',
};

/** A participant of a service; `tieKey` (INSEE code of a commune, else SIREN) breaks ties, never row order. */
export interface Participant {
  readonly collectivityId: string;
  readonly tieKey: string;
  readonly name: string;
}

export interface ServiceInput {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly participants: readonly Participant[];
  readonly scheme: ChargingScheme;
}

/** A cost line of a shared service (serviceId) or of a support centre (centreId). */
export interface CostLineInput {
  readonly id: string;
  readonly serviceId: string | null;
  readonly centreId: string | null;
  readonly category: CostCategory;
  readonly amountCents: Cents;
  readonly label: string;
  readonly sourceReference: string | null;
  /** Rule 4: the one participant this cost was incurred for. */
  readonly attributedTo: string | null;
}

export interface DriverValue {
  readonly collectivityId: string;
  readonly driver: string;
  /** A non-negative decimal ("407700", "12.5"). */
  readonly value: string;
}

export interface WorkUnitInput {
  readonly id: string;
  readonly serviceId: string;
  readonly collectivityId: string;
  readonly on: string;
  /** A positive decimal. */
  readonly units: string;
  readonly description: string;
}

/** Where a support centre's cost goes: another centre or a shared service, as an exact percent. */
export interface SupportShare {
  readonly recipient: { readonly kind: 'centre' | 'service'; readonly id: string };
  readonly percent: string;
}

/** A support service (IT, HR…) that serves other support centres and the shared services (rule 6). */
export interface SupportCentre {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Step-down order: 1 first. */
  readonly order: number;
  readonly shares: readonly SupportShare[];
}

export interface ChargingInput {
  readonly year: number;
  readonly phase: Phase;
  readonly services: readonly ServiceInput[];
  readonly costLines: readonly CostLineInput[];
  readonly drivers: readonly DriverValue[];
  readonly workUnits: readonly WorkUnitInput[];
  readonly centres: readonly SupportCentre[];
  readonly supportMethod: SupportMethod;
}

/** Why a participant pays what it pays: the rule and the values behind its share. */
export type Explanation =
  | { readonly rule: 'fixed'; readonly percent: string }
  | { readonly rule: 'driver'; readonly driver: string; readonly value: string; readonly total: string }
  | { readonly rule: 'units'; readonly unit: string; readonly units: string; readonly notifiedUnitCents: number; readonly notifiedOn: string }
  | { readonly rule: 'direct' }
  | { readonly rule: 'overhead'; readonly baseCents: number; readonly baseTotalCents: number };

/** One amount charged to one participant: cost line → component → rule → share → cents. */
export interface AllocationLine {
  readonly serviceId: string;
  readonly collectivityId: string;
  /** The cost line split; null for a computed line (support received, overhead rate, units of work). */
  readonly costLineId: string | null;
  readonly category: BillingCategory;
  readonly label: string;
  /** The amount split (the cost line's, or its component's when the scheme combines rules). */
  readonly sourceCents: number;
  /** The component of the scheme (index and percent), null for a line outside the components. */
  readonly component: { readonly index: number; readonly percent: string } | null;
  readonly explanation: Explanation;
  readonly amountCents: number;
}

export interface ServiceSummary {
  readonly serviceId: string;
  /** Cost lines of the service itself, by category. */
  readonly ownCostCents: number;
  readonly supportReceived: readonly { readonly centreId: string; readonly cents: number }[];
  /** Overhead computed from the scheme's rate (rule 5), on the direct costs. */
  readonly overheadRateCents: number;
  readonly totalCostCents: number;
  readonly chargedCents: number;
  /** Units of work (CGCT D5211-16): cost of the units components, billed at the notified unit cost, the gap borne by the provider. */
  readonly units: readonly UnitsSummary[];
}

export interface UnitsSummary {
  readonly componentIndex: number;
  readonly unit: string;
  readonly notifiedUnitCents: number;
  readonly totalUnits: string;
  readonly costCents: number;
  readonly billedCents: number;
  /** cost − billed: positive when the provider bears a loss, negative when it gains. */
  readonly providerGapCents: number;
  /** Actual unit cost, rounded to the cent (null without units). */
  readonly actualUnitCents: number | null;
}

export interface ChargingProblem {
  readonly field: string;
  readonly message: string;
}

export interface ChargingResult {
  readonly supportMethod: SupportMethod;
  readonly lines: readonly AllocationLine[];
  readonly services: readonly ServiceSummary[];
  readonly problems: readonly ChargingProblem[];
}

/** One participant's total per service and category (the statement's breakdown). */
export function totalsByParticipant(lines: readonly AllocationLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.collectivityId, (totals.get(line.collectivityId) ?? 0) + line.amountCents);
  return totals;
}

export interface InstallmentPlanItem {
  readonly dueOn: string;
  readonly percent: string;
}

export interface Installment {
  readonly dueOn: string;
  readonly amountCents: Cents;
}

/** The provisional total as installments per the agreement's schedule, parts adding up to the total (splitCents). */
export function scheduleInstallments(total: Cents, plan: readonly InstallmentPlanItem[]): Installment[] {
  const schedule = plan.length > 0 ? plan : [{ dueOn: '', percent: '100' }];
  const keyed = schedule.map((item, i) => ({ key: String(i).padStart(4, '0'), weight: item.percent.replace(',', '.'), item }));
  const parts = splitCents(total, keyed);
  return keyed.map((k) => ({ dueOn: k.item.dueOn, amountCents: parts.get(k.key)! }));
}

export type SettlementKind = 'receivable' | 'refund' | 'none';
export const SETTLEMENT_KIND_LABELS: Record<SettlementKind, string> = {
  receivable: 'Solde dû par la collectivité',
  refund: 'Trop-perçu remboursé à la collectivité',
  none: 'Soldé',
};

export interface Settlement {
  readonly finalCents: Cents;
  readonly paidCents: Cents;
  /** final − installments actually paid: negative is a refund. */
  readonly settlementCents: Cents;
  readonly kind: SettlementKind;
}

export function settle(finalCents: Cents, paid: readonly Cents[]): Settlement {
  const paidCents = Cents.sum(paid);
  const settlementCents = Cents.of(finalCents - paidCents);
  return { finalCents, paidCents, settlementCents, kind: settlementCents > 0 ? 'receivable' : settlementCents < 0 ? 'refund' : 'none' };
}

/**
 * Default M57 accounts per billing category (configurable per territory): 70845 staff made available to member
 * communes, 70875 reimbursement of costs by member communes; a refund is a cancelled receivable of a past year (673);
 * an AC deduction reduces the attribution de compensation paid (739211). Illustrative defaults: the finance
 * department sets its own.
 */
export const DEFAULT_ACCOUNTS: Record<BillingCategory | 'refund' | 'compensation', string> = {
  staff: '70845',
  operating: '70875',
  investment: '70875',
  support: '70875',
  overhead: '70875',
  units: '70875',
  refund: '673',
  compensation: '739211',
};
export type AccountKey = keyof typeof DEFAULT_ACCOUNTS;
export const ACCOUNT_KEYS = Object.keys(DEFAULT_ACCOUNTS) as AccountKey[];
