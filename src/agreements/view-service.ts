import type { Database, Tx } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { isUuid } from '../platform/ids.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import type { Cents } from '../platform/money.ts';
import type { ChargingScheme } from './charging-scheme.ts';
import {
  agreementStatus,
  amendmentInForce,
  approvalState,
  compensationSummary,
  inForceOn,
  participatesOn,
  staffTotals,
  type Agreement,
  type AgreementStatus,
  type Amendment,
  type AmendmentParticipant,
  type Approval,
  type ApprovalState,
  type CompensationSummary,
  type Installment,
  type PaymentRoute,
  type ServiceParticipant,
  type ServiceStatus,
  type SharedService,
  type StaffMember,
  type StaffTotals,
} from './model.ts';
import * as store from './store.ts';

/**
 * Who is looking: null sees the whole register; a commune user sees the services and agreements its
 * commune takes part in. `staffDetail` says whether individual staff lines may be shown (finance, the service
 * head, the administration); otherwise only aggregated figures.
 */
export interface Viewer {
  readonly communeIds: readonly string[] | null;
  readonly staffDetail: boolean;
}

export const EVERYONE: Viewer = { communeIds: null, staffDetail: true };

interface Register {
  readonly services: readonly SharedService[];
  readonly participants: readonly ServiceParticipant[];
  readonly agreements: readonly Agreement[];
  readonly parties: Map<string, string[]>;
  readonly amendments: readonly Amendment[];
  readonly amendmentParticipants: readonly AmendmentParticipant[];
  readonly approvals: readonly Approval[];
  readonly names: Map<string, store.PartyRow>;
}

async function loadRegister(tx: Tx, ctx: TerritoryContext): Promise<Register> {
  const t = ctx.territoryId;
  return {
    services: await store.listServices(tx, t),
    participants: await store.listParticipants(tx, t),
    agreements: await store.listAgreements(tx, t),
    parties: await store.listParties(tx, t),
    amendments: await store.listAmendments(tx, t),
    amendmentParticipants: await store.listAmendmentParticipants(tx, t),
    approvals: await store.listApprovals(tx, t),
    names: new Map((await store.listCollectivities(tx, t)).map((c) => [c.id, c])),
  };
}

const agreementApprovals = (r: Register, agreement: Agreement) => approvalState(r.parties.get(agreement.id) ?? [], r.approvals.filter((a) => a.agreementId === agreement.id));
const amendmentApprovals = (r: Register, amendment: Amendment) =>
  approvalState(
    r.amendmentParticipants.filter((p) => p.amendmentId === amendment.id).map((p) => p.collectivityId),
    r.approvals.filter((a) => a.amendmentId === amendment.id),
  );

function seesService(viewer: Viewer, r: Register, service: SharedService): boolean {
  if (viewer.communeIds === null) return true;
  return r.participants.some((p) => p.serviceId === service.id && viewer.communeIds!.includes(p.collectivityId)) || viewer.communeIds.includes(service.managingCollectivityId);
}

function seesAgreement(viewer: Viewer, r: Register, agreement: Agreement): boolean {
  return viewer.communeIds === null || (r.parties.get(agreement.id) ?? []).some((p) => viewer.communeIds!.includes(p));
}

const nameOf = (r: Register, id: string) => r.names.get(id)?.name ?? '—';

export interface ServiceWithParticipants extends SharedService {
  readonly participants: readonly (ServiceParticipant & { readonly name: string; readonly inseeCode: string | null; readonly siren: string | null; readonly kind: string })[];
  readonly managingName: string;
}

function withParticipants(r: Register, s: SharedService): ServiceWithParticipants {
  return {
    ...s,
    managingName: nameOf(r, s.managingCollectivityId),
    participants: r.participants
      .filter((p) => p.serviceId === s.id)
      .map((p) => ({ ...p, name: nameOf(r, p.collectivityId), inseeCode: r.names.get(p.collectivityId)?.inseeCode ?? null, siren: r.names.get(p.collectivityId)?.siren ?? null, kind: r.names.get(p.collectivityId)?.kind ?? 'other' })),
  };
}

/** Every service of the territory with its participants over time (for charging). */
export async function servicesOfTerritory(db: Database, ctx: TerritoryContext): Promise<ServiceWithParticipants[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const r = await loadRegister(tx, ctx);
    return r.services.map((s) => withParticipants(r, s));
  });
}

export interface SchemeParticipant {
  readonly collectivityId: string;
  readonly name: string;
  readonly kind: string;
  readonly inseeCode: string | null;
  readonly siren: string | null;
  readonly paymentRoute: PaymentRoute;
  readonly installments: readonly Installment[];
}

export interface SchemeInForce {
  readonly service: SharedService;
  readonly agreement: Agreement;
  readonly amendment: Amendment;
  readonly scheme: ChargingScheme;
  readonly participants: readonly SchemeParticipant[];
  /** Service provisions (D5211-16). */
  readonly workUnit: string | null;
  readonly forecastUnits: string | null;
}

/**
 * The charging scheme that governs a service on a date: the amendment in force (approved by all its
 * participants, under an agreement in force), with each participant's payment route and installments.
 * Null when none governs that date. When several agreements of the service have one, the latest takes it.
 */
export async function schemeInForce(db: Database, ctx: TerritoryContext, serviceId: string, onDate: string): Promise<SchemeInForce | null> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const r = await loadRegister(tx, ctx);
    const service = r.services.find((s) => s.id === serviceId);
    if (!service) throw new NotFoundError("Ce service n'existe pas dans le territoire.");
    const found = r.agreements
      .filter((a) => a.serviceId === serviceId)
      .map((agreement) => ({
        agreement,
        amendment: amendmentInForce(
          agreement,
          agreementApprovals(r, agreement),
          r.amendments.filter((m) => m.agreementId === agreement.id).map((amendment) => ({ amendment, state: amendmentApprovals(r, amendment) })),
          onDate,
        ),
      }))
      .filter((x): x is { agreement: Agreement; amendment: Amendment } => x.amendment !== null)
      .sort((a, b) => b.amendment.effectiveFrom.localeCompare(a.amendment.effectiveFrom))[0];
    if (!found) return null;
    const participants = r.amendmentParticipants
      .filter((p) => p.amendmentId === found.amendment.id)
      .map((p) => {
        const c = r.names.get(p.collectivityId);
        return { collectivityId: p.collectivityId, name: c?.name ?? '—', kind: c?.kind ?? 'other', inseeCode: c?.inseeCode ?? null, siren: c?.siren ?? null, paymentRoute: p.paymentRoute, installments: p.installments };
      });
    return { service, agreement: found.agreement, amendment: found.amendment, scheme: found.amendment.chargingScheme, participants, workUnit: found.amendment.workUnit, forecastUnits: found.amendment.forecastUnits };
  });
}

export interface AgreementSummary {
  readonly agreement: Agreement;
  readonly serviceName: string | null;
  readonly parties: readonly { id: string; name: string }[];
  readonly state: ApprovalState;
  readonly status: AgreementStatus;
  readonly inForceOn: string | null;
  readonly amendmentCount: number;
}

function summarize(r: Register, agreement: Agreement, on: string): AgreementSummary {
  const state = agreementApprovals(r, agreement);
  return {
    agreement,
    serviceName: agreement.serviceId ? (r.services.find((s) => s.id === agreement.serviceId)?.name ?? null) : null,
    parties: (r.parties.get(agreement.id) ?? []).map((id) => ({ id, name: nameOf(r, id) })),
    state,
    status: agreementStatus(agreement, state, on),
    inForceOn: inForceOn(agreement, state),
    amendmentCount: r.amendments.filter((m) => m.agreementId === agreement.id).length,
  };
}

export interface RegisterFilters {
  readonly theme?: string | undefined;
  readonly participantId?: string | undefined;
  readonly status?: ServiceStatus | undefined;
}

export interface RegisterView {
  readonly services: readonly (ServiceWithParticipants & { readonly agreements: readonly AgreementSummary[]; readonly currentParticipants: number })[];
  /** Agreements not tied to one service (the general agreement). */
  readonly general: readonly AgreementSummary[];
  readonly themes: readonly string[];
  readonly participantChoices: readonly { id: string; name: string }[];
}

/** The register of services and agreements the viewer may see, filtered by theme, participant and status. */
export async function register(db: Database, ctx: TerritoryContext, viewer: Viewer, filters: RegisterFilters, on: string): Promise<RegisterView> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const r = await loadRegister(tx, ctx);
    const visible = r.services.filter((s) => seesService(viewer, r, s));
    const participantIds = [...new Set(visible.flatMap((s) => r.participants.filter((p) => p.serviceId === s.id).map((p) => p.collectivityId)))];
    const services = visible
      .filter((s) => !filters.theme || s.theme === filters.theme)
      .filter((s) => !filters.status || s.status === filters.status)
      .filter((s) => !filters.participantId || r.participants.some((p) => p.serviceId === s.id && p.collectivityId === filters.participantId))
      .map((s) => ({
        ...withParticipants(r, s),
        currentParticipants: r.participants.filter((p) => p.serviceId === s.id && participatesOn(p, on)).length,
        agreements: r.agreements.filter((a) => a.serviceId === s.id && seesAgreement(viewer, r, a)).map((a) => summarize(r, a, on)),
      }));
    const general = filters.theme || filters.participantId || filters.status ? [] : r.agreements.filter((a) => a.serviceId === null && seesAgreement(viewer, r, a)).map((a) => summarize(r, a, on));
    return {
      services,
      general,
      themes: [...new Set(visible.map((s) => s.theme))].sort((a, b) => a.localeCompare(b, 'fr')),
      participantChoices: participantIds.map((id) => ({ id, name: nameOf(r, id) })).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    };
  });
}

export interface AmendmentView {
  readonly amendment: Amendment;
  readonly participants: readonly (AmendmentParticipant & { readonly name: string })[];
  readonly state: ApprovalState;
}

export interface AgreementDetail {
  readonly summary: AgreementSummary;
  readonly service: ServiceWithParticipants | null;
  readonly amendments: readonly AmendmentView[];
  readonly amendmentInForce: Amendment | null;
  readonly approvalsByParty: readonly { id: string; name: string; approval: Approval | null }[];
  readonly committee: { readonly name: string; readonly members: readonly (store.CommitteeMemberRow & { collectivityName: string })[]; readonly meetings: readonly store.MeetingRow[] } | null;
  readonly staffTotals: readonly (StaffTotals & { originName: string })[];
  /** Individual lines, only for a viewer with staffDetail. */
  readonly staff: readonly (StaffMember & { originName: string })[] | null;
  readonly names: ReadonlyMap<string, string>;
}

/** An agreement with its amendments, approvals (who has and has not), committee and staff, or 404. */
export async function agreementDetail(db: Database, ctx: TerritoryContext, viewer: Viewer, agreementId: string, on: string): Promise<AgreementDetail> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const r = await loadRegister(tx, ctx);
    const agreement = isUuid(agreementId) ? r.agreements.find((a) => a.id === agreementId) : undefined;
    if (!agreement || !seesAgreement(viewer, r, agreement)) throw new NotFoundError("Cette convention n'existe pas dans le territoire.");
    const summary = summarize(r, agreement, on);
    const service = agreement.serviceId ? r.services.find((s) => s.id === agreement.serviceId) ?? null : null;
    const amendments = r.amendments
      .filter((m) => m.agreementId === agreement.id)
      .map((amendment) => ({
        amendment,
        participants: r.amendmentParticipants.filter((p) => p.amendmentId === amendment.id).map((p) => ({ ...p, name: nameOf(r, p.collectivityId) })),
        state: amendmentApprovals(r, amendment),
      }));
    const committeeRow = await store.findCommittee(tx, ctx.territoryId, agreement.id);
    const committee = committeeRow
      ? {
          name: committeeRow.name,
          members: (await store.listCommitteeMembers(tx, ctx.territoryId, committeeRow.id)).map((m) => ({ ...m, collectivityName: nameOf(r, m.collectivityId) })),
          meetings: await store.listMeetings(tx, ctx.territoryId, committeeRow.id),
        }
      : null;
    const staff = service ? await store.listStaff(tx, ctx.territoryId, service.id) : [];
    return {
      summary,
      service: service ? withParticipants(r, service) : null,
      amendments,
      amendmentInForce: amendmentInForce(agreement, summary.state, amendments, on),
      approvalsByParty: summary.parties.map((p) => ({ ...p, approval: summary.state.approved.find((a) => a.collectivityId === p.id) ?? null })),
      committee,
      staffTotals: staffTotals(staff).map((t) => ({ ...t, originName: nameOf(r, t.originCollectivityId) })),
      staff: viewer.staffDetail ? staff.map((s) => ({ ...s, originName: nameOf(r, s.originCollectivityId) })) : null,
      names: new Map([...r.names].map(([id, c]) => [id, c.name])),
    };
  });
}

export interface CompensationLine extends CompensationSummary {
  readonly communeId: string;
  readonly name: string;
  readonly inseeCode: string | null;
  readonly year: number;
  readonly allocation: store.AllocationRow;
  readonly deductions: readonly (store.DeductionRow & { serviceName: string })[];
}

/** The AC register: each commune's AC for the year (or every year of one commune), with deductions and net. */
export async function compensationRegister(db: Database, ctx: TerritoryContext, viewer: Viewer, filter: { year?: number; communeId?: string }): Promise<CompensationLine[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const names = new Map((await store.listCollectivities(tx, ctx.territoryId)).map((c) => [c.id, c]));
    const services = new Map((await store.listServices(tx, ctx.territoryId)).map((s) => [s.id, s.name]));
    const allocations = (await store.listAllocations(tx, ctx.territoryId, filter)).filter((a) => viewer.communeIds === null || viewer.communeIds.includes(a.communeId));
    const deductions = await store.listDeductions(tx, ctx.territoryId, filter);
    return allocations
      .map((allocation) => {
        const own = deductions.filter((d) => d.communeId === allocation.communeId && d.year === allocation.year).map((d) => ({ ...d, serviceName: services.get(d.serviceId) ?? '—' }));
        const c = names.get(allocation.communeId);
        return { ...compensationSummary(allocation.clectAmountCents, own.map((d) => d.amountCents)), communeId: allocation.communeId, name: c?.name ?? '—', inseeCode: c?.inseeCode ?? null, year: allocation.year, allocation, deductions: own };
      })
      .sort((a, b) => a.year - b.year || a.name.localeCompare(b.name, 'fr'));
  });
}

export interface ReportService {
  readonly service: ServiceWithParticipants;
  /** Participants during the year. */
  readonly scope: readonly string[];
  readonly staffFte: number;
  readonly staffCostCents: Cents;
  readonly agreements: readonly {
    readonly reference: string;
    readonly object: string;
    readonly inForceOn: string | null;
    readonly approvals: readonly { collectivity: string; body: string; approvedOn: string; deliberationReference: string | null }[];
    readonly missing: readonly string[];
  }[];
}

/** For the yearly progress report: services with dates and scope, agreements with each assembly's approval. */
export async function sharedServicesForReport(db: Database, ctx: TerritoryContext, year: number): Promise<{ services: ReportService[]; general: ReportService['agreements'] }> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const r = await loadRegister(tx, ctx);
    const staff = await store.listStaff(tx, ctx.territoryId);
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const present = (a: Agreement) => {
      const state = agreementApprovals(r, a);
      return {
        reference: a.reference,
        object: a.object,
        inForceOn: inForceOn(a, state),
        approvals: state.approved.map((x) => ({ collectivity: nameOf(r, x.collectivityId), body: x.body, approvedOn: x.approvedOn, deliberationReference: x.deliberationReference })),
        missing: state.missing.map((id) => nameOf(r, id)),
      };
    };
    const services = r.services
      .filter((s) => s.createdOn === null || s.createdOn <= end)
      .map((s) => {
        const own = staffTotals(staff.filter((m) => m.serviceId === s.id));
        return {
          service: withParticipants(r, s),
          scope: r.participants.filter((p) => p.serviceId === s.id && p.validFrom <= end && (p.validTo === null || p.validTo >= start)).map((p) => nameOf(r, p.collectivityId)),
          staffFte: own.reduce((a, t) => a + t.fteHundredths, 0) / 100,
          staffCostCents: own.reduce((a, t) => a + t.yearlyCostCents, 0) as Cents,
          agreements: r.agreements.filter((a) => a.serviceId === s.id).map(present),
        };
      });
    return { services, general: r.agreements.filter((a) => a.serviceId === null).map(present) };
  });
}
