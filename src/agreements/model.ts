import { isCalendarDate, type DatePrecision } from '../platform/format.ts';
import { Cents, splitCents } from '../platform/money.ts';
import { parsePercent, formatPercent, schemeProblems, type ChargingScheme, type SchemeProblem } from './charging-scheme.ts';

// Shared services, their agreements and amendments, approvals, staff and the AC register: types and pure rules.

export const SERVICE_KINDS = ['sharedService', 'serviceProvision', 'serviceContract'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  sharedService: 'Service commun',
  serviceProvision: 'Mise à disposition de services',
  serviceContract: 'Prestation de services',
};

export const SERVICE_STATUSES = ['planned', 'active', 'ended'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = { planned: 'En projet', active: 'En activité', ended: 'Dissous' };

export const PAYMENT_ROUTES = ['invoice', 'compensationDeduction'] as const;
export type PaymentRoute = (typeof PAYMENT_ROUTES)[number];
export const PAYMENT_ROUTE_LABELS: Record<PaymentRoute, string> = {
  invoice: 'Titre de recettes',
  compensationDeduction: "Retenue sur l'attribution de compensation",
};

export const STAFF_STATUSES = ['transferred', 'placedAtDisposal'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];
export const STAFF_STATUS_LABELS: Record<StaffStatus, string> = { transferred: 'Transféré', placedAtDisposal: 'Mis à disposition' };

export interface Problem {
  readonly field: string;
  readonly message: string;
}

export interface SharedService {
  readonly id: string;
  readonly kind: ServiceKind;
  readonly reference: string;
  readonly name: string;
  readonly theme: string;
  readonly managingCollectivityId: string;
  readonly createdOn: string | null;
  readonly createdOnPrecision: DatePrecision | null;
  readonly activities: string;
  readonly status: ServiceStatus;
  readonly endedOn: string | null;
  readonly note: string | null;
}

export interface ServiceParticipant {
  readonly id: string;
  readonly serviceId: string;
  readonly collectivityId: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface Agreement {
  readonly id: string;
  readonly serviceId: string | null;
  readonly reference: string;
  readonly object: string;
  readonly signedOn: string | null;
  readonly inForceFrom: string | null;
  readonly endsOn: string | null;
  readonly note: string | null;
}

/** One installment of the yearly charge: due on a day of the year (MM-DD), a percent of the charge. */
export interface Installment {
  readonly dueOn: string;
  readonly percent: string;
}

export interface AmendmentParticipant {
  readonly id: string;
  readonly amendmentId: string;
  readonly collectivityId: string;
  readonly paymentRoute: PaymentRoute;
  readonly installments: readonly Installment[];
}

export interface Amendment {
  readonly id: string;
  readonly agreementId: string;
  readonly number: number;
  readonly object: string;
  readonly signedOn: string | null;
  readonly effectiveFrom: string;
  readonly chargingScheme: ChargingScheme;
  readonly workUnit: string | null;
  readonly forecastUnits: string | null;
  readonly impactSheet: string | null;
  readonly staffCommitteeOpinionOn: string | null;
  readonly staffCommitteeOpinion: string | null;
  readonly note: string | null;
}

export interface Approval {
  readonly id: string;
  readonly agreementId: string | null;
  readonly amendmentId: string | null;
  readonly collectivityId: string;
  readonly body: string;
  readonly approvedOn: string;
  readonly deliberationReference: string | null;
  readonly deliberationId: string | null;
}

export interface StaffMember {
  readonly id: string;
  readonly serviceId: string;
  readonly originCollectivityId: string;
  readonly post: string;
  readonly agentName: string | null;
  readonly status: StaffStatus;
  readonly fte: string;
  readonly yearlyCostCents: Cents;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly note: string | null;
}

/** What validation needs to know of a collectivity. */
export interface PartyFacts {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly siret: string | null;
  /** The EPCI itself or one of its member communes. */
  readonly inTerritory: boolean;
}

const text = (v: string | null | undefined) => (v ?? '').trim();

/** Problems of a service's own fields. */
export function serviceProblems(input: { kind: string; reference: string; name: string; theme: string; activities: string; status: string }): Problem[] {
  const problems: Problem[] = [];
  if (!(SERVICE_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: 'Le champ « nature » doit être service commun, mise à disposition ou prestation de services.' });
  if (!/^[A-Z0-9][A-Z0-9_-]{0,29}$/.test(text(input.reference))) problems.push({ field: 'reference', message: 'Le champ « code » : 1 à 30 majuscules, chiffres, tirets (par exemple GTI).' });
  if (text(input.name) === '' || input.name.length > 200) problems.push({ field: 'name', message: 'Le champ « nom » est obligatoire (200 caractères au plus).' });
  if (text(input.theme) === '' || input.theme.length > 80) problems.push({ field: 'theme', message: 'Le champ « thématique » est obligatoire (80 caractères au plus).' });
  if (input.activities.length > 4000) problems.push({ field: 'activities', message: 'Le champ « activités » : 4000 caractères au plus.' });
  if (!(SERVICE_STATUSES as readonly string[]).includes(input.status)) problems.push({ field: 'status', message: 'Le champ « statut » doit être en projet, en activité ou dissous.' });
  return problems;
}

/**
 * A participant must be the EPCI, a member commune, or an identified outside body: one outside the
 * territory needs a SIRET to be invoiced (titre de recettes).
 */
export function partyProblem(party: PartyFacts, field: string): Problem | null {
  if (party.inTerritory || (party.siret !== null && /^\d{14}$/.test(party.siret))) return null;
  return { field, message: `${party.name} n'est pas membre du territoire et n'a pas de SIRET : renseignez son SIRET avant de l'associer.` };
}

/** Problems of a date range (dates YYYY-MM-DD, the end not before the start). */
export function rangeProblem(from: string, to: string | null, fields: [string, string]): Problem | null {
  if (!isCalendarDate(from)) return { field: fields[0], message: `Le champ « ${fields[0] === 'validFrom' ? 'depuis le' : 'date de début'} » doit être une date (AAAA-MM-JJ).` };
  if (to !== null && !isCalendarDate(to)) return { field: fields[1], message: 'La date de fin doit être une date (AAAA-MM-JJ).' };
  if (to !== null && to < from) return { field: fields[1], message: 'La date de fin précède la date de début.' };
  return null;
}

/** Problems of an installment schedule: days of the year MM-DD, in order, percents totalling exactly 100. */
export function installmentProblems(installments: readonly Installment[], field = 'installments'): Problem[] {
  if (installments.length === 0) return [{ field, message: "L'échéancier doit compter au moins une échéance." }];
  const problems: Problem[] = [];
  let total = 0n;
  let previous = '';
  installments.forEach((item, i) => {
    if (!/^\d{2}-\d{2}$/.test(item.dueOn) || !isCalendarDate(`2024-${item.dueOn}`)) {
      problems.push({ field: `${field}[${i}].dueOn`, message: `Échéance ${i + 1} : date « ${item.dueOn} » invalide (JJ/MM attendu, au format MM-JJ).` });
    } else if (item.dueOn <= previous) {
      problems.push({ field: `${field}[${i}].dueOn`, message: `Échéance ${i + 1} : les échéances doivent se suivre dans l'année.` });
    } else previous = item.dueOn;
    const percent = parsePercent(item.percent);
    if (percent === null || percent === 0n) problems.push({ field: `${field}[${i}].percent`, message: `Échéance ${i + 1} : part « ${item.percent} » invalide.` });
    else total += percent;
  });
  if (problems.length === 0 && total !== 100_000_000n) problems.push({ field, message: `Les échéances totalisent ${formatPercent(total)} % au lieu de 100 %.` });
  return problems;
}

export interface AmendmentDraft {
  readonly number: number;
  readonly object: string;
  readonly signedOn: string | null;
  readonly effectiveFrom: string;
  readonly chargingScheme: ChargingScheme;
  readonly workUnit: string | null;
  readonly forecastUnits: string | null;
  readonly staffCommitteeOpinionOn: string | null;
  readonly participants: readonly { collectivityId: string; paymentRoute: string; installments: readonly Installment[] }[];
}

/**
 * Every problem of an amendment, each naming its field: dates, its place after its agreement, the scheme
 * (schemeProblems), payment routes, installments, and for a provision the unit of work (D5211-16).
 */
export function amendmentProblems(draft: AmendmentDraft, agreement: Agreement, serviceKind: ServiceKind | null, epciFpu: boolean): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isInteger(draft.number) || draft.number < 1) problems.push({ field: 'number', message: 'Le champ « numéro » doit être un entier positif.' });
  if (text(draft.object) === '') problems.push({ field: 'object', message: 'Le champ « objet » est obligatoire.' });
  if (!isCalendarDate(draft.effectiveFrom)) problems.push({ field: 'effectiveFrom', message: 'Le champ « prend effet le » doit être une date (AAAA-MM-JJ).' });
  else {
    const start = agreement.inForceFrom ?? agreement.signedOn;
    if (start !== null && draft.effectiveFrom < start) {
      problems.push({ field: 'effectiveFrom', message: `L'avenant prendrait effet le ${frenchDate(draft.effectiveFrom)}, avant la convention qu'il modifie (${frenchDate(start)}).` });
    }
  }
  if (draft.signedOn !== null && !isCalendarDate(draft.signedOn)) problems.push({ field: 'signedOn', message: 'Le champ « signé le » doit être une date (AAAA-MM-JJ).' });
  if (draft.signedOn !== null && agreement.signedOn !== null && isCalendarDate(draft.signedOn) && draft.signedOn < agreement.signedOn) {
    problems.push({ field: 'signedOn', message: `L'avenant serait signé avant la convention (${frenchDate(agreement.signedOn)}).` });
  }
  if (draft.staffCommitteeOpinionOn !== null && !isCalendarDate(draft.staffCommitteeOpinionOn)) problems.push({ field: 'staffCommitteeOpinionOn', message: "Le champ « date de l'avis du comité social territorial » doit être une date." });
  if (draft.participants.length === 0) problems.push({ field: 'participants', message: "L'avenant doit nommer au moins un participant." });
  const ids = new Set<string>();
  draft.participants.forEach((p, i) => {
    if (ids.has(p.collectivityId)) problems.push({ field: `participants[${i}].collectivityId`, message: `Participant ${i + 1} : collectivité en double.` });
    ids.add(p.collectivityId);
    if (!(PAYMENT_ROUTES as readonly string[]).includes(p.paymentRoute)) problems.push({ field: `participants[${i}].paymentRoute`, message: `Participant ${i + 1} : mode de paiement invalide (titre de recettes ou retenue sur l'AC).` });
    // CGI 1609 nonies C: a deduction from the AC exists only under fiscalité professionnelle unique.
    if (p.paymentRoute === 'compensationDeduction' && !epciFpu) problems.push({ field: `participants[${i}].paymentRoute`, message: `Participant ${i + 1} : la retenue sur l'attribution de compensation suppose un EPCI à fiscalité professionnelle unique.` });
    problems.push(...installmentProblems(p.installments, `participants[${i}].installments`));
  });
  problems.push(...schemeProblems(draft.chargingScheme, ids).map((p: SchemeProblem) => ({ field: `chargingScheme.${p.field}`, message: p.message })));
  if (serviceKind === 'serviceProvision') {
    // CGCT D5211-16: the agreement defines the unit of work and forecasts its use.
    if (text(draft.workUnit) === '') problems.push({ field: 'workUnit', message: "Une mise à disposition doit définir son unité de fonctionnement (CGCT D5211-16)." });
    if (draft.forecastUnits === null || !/^\d+(\.\d+)?$/.test(draft.forecastUnits)) problems.push({ field: 'forecastUnits', message: "Le champ « prévision d'unités » doit être un nombre positif (CGCT D5211-16)." });
  }
  return problems;
}

function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export interface ApprovalState {
  readonly approved: readonly Approval[];
  /** Parties that have not approved yet. */
  readonly missing: readonly string[];
  /** The day the last party approved; null while some are missing. */
  readonly completeOn: string | null;
}

/** Approvals come in any order; the act is approved once every party has (DOMAIN: any order, all needed). */
export function approvalState(parties: readonly string[], approvals: readonly Approval[]): ApprovalState {
  const byParty = new Map(approvals.filter((a) => parties.includes(a.collectivityId)).map((a) => [a.collectivityId, a]));
  const missing = parties.filter((p) => !byParty.has(p));
  const approved = [...byParty.values()].sort((a, b) => a.approvedOn.localeCompare(b.approvedOn));
  const completeOn = missing.length === 0 && approved.length > 0 ? approved[approved.length - 1]!.approvedOn : null;
  return { approved, missing, completeOn };
}

export type AgreementStatus = 'pending' | 'approved' | 'inForce' | 'ended';
export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  pending: "En cours d'approbation",
  approved: 'Approuvée, pas encore en vigueur',
  inForce: 'En vigueur',
  ended: 'Échue',
};

/** An agreement is in force from the later of its stated date and its last approval, until it ends. */
export function inForceOn(agreement: Agreement, state: ApprovalState): string | null {
  if (state.completeOn === null) return null;
  const from = agreement.inForceFrom;
  return from !== null && from > state.completeOn ? from : state.completeOn;
}

export function agreementStatus(agreement: Agreement, state: ApprovalState, on: string): AgreementStatus {
  const from = inForceOn(agreement, state);
  if (from === null) return 'pending';
  if (agreement.endsOn !== null && agreement.endsOn < on) return 'ended';
  return from <= on ? 'inForce' : 'approved';
}

/**
 * The amendment that governs a date: the latest (by effective date, then number) already effective and
 * approved by all of its participants, under an agreement in force that day.
 */
export function amendmentInForce(
  agreement: Agreement,
  agreementState: ApprovalState,
  amendments: readonly { amendment: Amendment; state: ApprovalState }[],
  on: string,
): Amendment | null {
  if (agreementStatus(agreement, agreementState, on) !== 'inForce') return null;
  const candidates = amendments
    .filter((a) => a.amendment.effectiveFrom <= on && a.state.completeOn !== null && a.state.completeOn <= on)
    .sort((a, b) => b.amendment.effectiveFrom.localeCompare(a.amendment.effectiveFrom) || b.amendment.number - a.amendment.number);
  return candidates[0]?.amendment ?? null;
}

/** True when a participant period covers the date. */
export function participatesOn(p: { validFrom: string; validTo: string | null }, on: string): boolean {
  return p.validFrom <= on && (p.validTo === null || p.validTo >= on);
}

/** Problems of a staff line. */
export function staffProblems(input: { post: string; status: string; fte: string; yearlyCostCents: number | null }): Problem[] {
  const problems: Problem[] = [];
  if (text(input.post) === '') problems.push({ field: 'post', message: 'Le champ « poste » est obligatoire.' });
  if (!(STAFF_STATUSES as readonly string[]).includes(input.status)) problems.push({ field: 'status', message: 'Le champ « situation » doit être transféré ou mis à disposition.' });
  const fte = /^(0(\.\d{1,2})?|1(\.0{1,2})?)$/.test(input.fte.replace(',', '.')) ? Number(input.fte.replace(',', '.')) : NaN;
  if (!(fte > 0 && fte <= 1)) problems.push({ field: 'fte', message: 'Le champ « ETP » doit être un nombre entre 0,01 et 1.' });
  // L5211-4-2: staff working wholly in the service are transferred; partly, placed at its disposal.
  else if (input.status === 'transferred' && fte < 1) problems.push({ field: 'status', message: 'Un agent à temps partiel dans le service lui est mis à disposition, non transféré (CGCT L5211-4-2).' });
  if (input.yearlyCostCents === null || !Number.isSafeInteger(input.yearlyCostCents) || input.yearlyCostCents < 0) problems.push({ field: 'yearlyCostCents', message: 'Le champ « coût annuel » doit être un montant positif en euros.' });
  return problems;
}

/** FTE as hundredths (exact), from the numeric column's text. */
export function fteHundredths(fte: string): number {
  const [whole, fraction = ''] = fte.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

export interface StaffTotals {
  readonly originCollectivityId: string;
  readonly status: StaffStatus;
  readonly headcount: number;
  readonly fteHundredths: number;
  readonly yearlyCostCents: Cents;
}

/** The aggregated figures communes see: per collectivity of origin and status, no individual line. */
export function staffTotals(staff: readonly StaffMember[]): StaffTotals[] {
  const groups = new Map<string, { originCollectivityId: string; status: StaffStatus; headcount: number; fteHundredths: number; cost: number }>();
  for (const s of staff) {
    const key = `${s.originCollectivityId}|${s.status}`;
    const g = groups.get(key) ?? { originCollectivityId: s.originCollectivityId, status: s.status, headcount: 0, fteHundredths: 0, cost: 0 };
    g.headcount += 1;
    g.fteHundredths += fteHundredths(s.fte);
    g.cost += s.yearlyCostCents;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ originCollectivityId: g.originCollectivityId, status: g.status, headcount: g.headcount, fteHundredths: g.fteHundredths, yearlyCostCents: Cents.of(g.cost) }));
}

export interface CompensationSummary {
  readonly clectAmountCents: Cents;
  readonly deductionsCents: Cents;
  /** After the CLECT amount and the deductions; negative when the commune owes the EPCI. */
  readonly netCents: Cents;
  /** The twelve monthly payments (CGI 1609 nonies C: the AC is paid in twelfths), adding up to the net amount. */
  readonly monthlyCents: readonly Cents[];
  readonly dueByCommune: boolean;
}

export function compensationSummary(clectAmountCents: Cents, deductions: readonly Cents[]): CompensationSummary {
  const deductionsCents = Cents.sum(deductions);
  const netCents = Cents.of(clectAmountCents - deductionsCents);
  const months = Array.from({ length: 12 }, (_, i) => ({ key: String(i + 1).padStart(2, '0'), weight: 1 }));
  const split = splitCents(netCents, months);
  return { clectAmountCents, deductionsCents, netCents, monthlyCents: months.map((m) => split.get(m.key)!), dueByCommune: netCents < 0 };
}

/** Problems of an AC line. */
export function compensationProblems(input: { year: number; clectAmountCents: number | null; clectReportOn: string | null }): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) problems.push({ field: 'year', message: 'Le champ « année » doit être une année entre 2000 et 2100.' });
  if (input.clectAmountCents === null || !Number.isSafeInteger(input.clectAmountCents)) problems.push({ field: 'clectAmountCents', message: "Le champ « montant après CLECT » doit être un montant en euros (négatif si la commune doit l'AC)." });
  if (input.clectReportOn !== null && !isCalendarDate(input.clectReportOn)) problems.push({ field: 'clectReportOn', message: 'Le champ « rapport de la CLECT du » doit être une date (AAAA-MM-JJ).' });
  return problems;
}
