import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import type { DatePrecision } from '../platform/format.ts';
import type { Cents } from '../platform/money.ts';
import { collectivities } from '../territory/tables.ts';
import type { ChargingScheme } from './charging-scheme.ts';
import type { Agreement, Amendment, AmendmentParticipant, Approval, Installment, PaymentRoute, ServiceKind, ServiceParticipant, ServiceStatus, SharedService, StaffMember, StaffStatus } from './model.ts';
import {
  agreementParties,
  agreements,
  amendmentParticipants,
  amendments,
  approvals,
  compensationAllocations,
  compensationDeductions,
  serviceParticipants,
  sharedServices,
  staff,
  steeringCommitteeMeetings,
  steeringCommitteeMembers,
  steeringCommittees,
} from './tables.ts';

// All SQL of the agreements module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
async function insertAll(tx: Tx, table: Parameters<Tx['insert']>[0], rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH) as never);
}

export type ServiceInsert = typeof sharedServices.$inferInsert;
export type ParticipantInsert = typeof serviceParticipants.$inferInsert;
export type AgreementInsert = typeof agreements.$inferInsert;
export type PartyInsert = typeof agreementParties.$inferInsert;
export type AmendmentInsert = typeof amendments.$inferInsert;
export type AmendmentParticipantInsert = typeof amendmentParticipants.$inferInsert;
export type ApprovalInsert = typeof approvals.$inferInsert;
export type StaffInsert = typeof staff.$inferInsert;
export type CommitteeInsert = typeof steeringCommittees.$inferInsert;
export type CommitteeMemberInsert = typeof steeringCommitteeMembers.$inferInsert;
export type MeetingInsert = typeof steeringCommitteeMeetings.$inferInsert;
export type AllocationInsert = typeof compensationAllocations.$inferInsert;
export type DeductionInsert = typeof compensationDeductions.$inferInsert;

export const insertServices = (tx: Tx, rows: readonly ServiceInsert[]) => insertAll(tx, sharedServices, rows);
export const insertParticipants = (tx: Tx, rows: readonly ParticipantInsert[]) => insertAll(tx, serviceParticipants, rows);
export const insertAgreements = (tx: Tx, rows: readonly AgreementInsert[]) => insertAll(tx, agreements, rows);
export const insertParties = (tx: Tx, rows: readonly PartyInsert[]) => insertAll(tx, agreementParties, rows);
export const insertAmendments = (tx: Tx, rows: readonly AmendmentInsert[]) => insertAll(tx, amendments, rows);
export const insertAmendmentParticipants = (tx: Tx, rows: readonly AmendmentParticipantInsert[]) => insertAll(tx, amendmentParticipants, rows);
export const insertApprovals = (tx: Tx, rows: readonly ApprovalInsert[]) => insertAll(tx, approvals, rows);
export const insertStaff = (tx: Tx, rows: readonly StaffInsert[]) => insertAll(tx, staff, rows);
export const insertCommittees = (tx: Tx, rows: readonly CommitteeInsert[]) => insertAll(tx, steeringCommittees, rows);
export const insertCommitteeMembers = (tx: Tx, rows: readonly CommitteeMemberInsert[]) => insertAll(tx, steeringCommitteeMembers, rows);
export const insertMeetings = (tx: Tx, rows: readonly MeetingInsert[]) => insertAll(tx, steeringCommitteeMeetings, rows);
export const insertAllocations = (tx: Tx, rows: readonly AllocationInsert[]) => insertAll(tx, compensationAllocations, rows);

const toService = (r: typeof sharedServices.$inferSelect): SharedService => ({
  id: r.id,
  kind: r.kind as ServiceKind,
  reference: r.reference,
  name: r.name,
  theme: r.theme,
  managingCollectivityId: r.managingCollectivityId,
  createdOn: r.createdOn,
  createdOnPrecision: r.createdOnPrecision as DatePrecision | null,
  activities: r.activities,
  status: r.status as ServiceStatus,
  endedOn: r.endedOn,
  note: r.note,
});

export async function listServices(tx: Tx, territoryId: string): Promise<SharedService[]> {
  return (await tx.select().from(sharedServices).where(eq(sharedServices.territoryId, territoryId)).orderBy(asc(sharedServices.createdOn), asc(sharedServices.reference))).map(toService);
}

export async function findService(tx: Tx, territoryId: string, id: string): Promise<SharedService | null> {
  const [row] = await tx.select().from(sharedServices).where(and(eq(sharedServices.territoryId, territoryId), eq(sharedServices.id, id)));
  return row ? toService(row) : null;
}

export async function findServiceByReference(tx: Tx, territoryId: string, reference: string): Promise<SharedService | null> {
  const [row] = await tx.select().from(sharedServices).where(and(eq(sharedServices.territoryId, territoryId), eq(sharedServices.reference, reference)));
  return row ? toService(row) : null;
}

const toParticipant = (r: typeof serviceParticipants.$inferSelect): ServiceParticipant => ({ id: r.id, serviceId: r.serviceId, collectivityId: r.collectivityId, validFrom: r.validFrom, validTo: r.validTo });

export async function listParticipants(tx: Tx, territoryId: string, serviceId?: string): Promise<ServiceParticipant[]> {
  const where = serviceId ? and(eq(serviceParticipants.territoryId, territoryId), eq(serviceParticipants.serviceId, serviceId)) : eq(serviceParticipants.territoryId, territoryId);
  return (await tx.select().from(serviceParticipants).where(where).orderBy(asc(serviceParticipants.validFrom), asc(serviceParticipants.id))).map(toParticipant);
}

const toAgreement = (r: typeof agreements.$inferSelect): Agreement => ({ id: r.id, serviceId: r.serviceId, reference: r.reference, object: r.object, signedOn: r.signedOn, inForceFrom: r.inForceFrom, endsOn: r.endsOn, note: r.note });

export async function listAgreements(tx: Tx, territoryId: string): Promise<Agreement[]> {
  return (await tx.select().from(agreements).where(eq(agreements.territoryId, territoryId)).orderBy(asc(agreements.inForceFrom), asc(agreements.reference))).map(toAgreement);
}

export async function findAgreement(tx: Tx, territoryId: string, id: string): Promise<Agreement | null> {
  const [row] = await tx.select().from(agreements).where(and(eq(agreements.territoryId, territoryId), eq(agreements.id, id)));
  return row ? toAgreement(row) : null;
}

export async function findAgreementByReference(tx: Tx, territoryId: string, reference: string): Promise<Agreement | null> {
  const [row] = await tx.select().from(agreements).where(and(eq(agreements.territoryId, territoryId), eq(agreements.reference, reference)));
  return row ? toAgreement(row) : null;
}

/** Parties per agreement id. */
export async function listParties(tx: Tx, territoryId: string): Promise<Map<string, string[]>> {
  const found = await tx.select().from(agreementParties).where(eq(agreementParties.territoryId, territoryId)).orderBy(asc(agreementParties.createdAt), asc(agreementParties.id));
  const map = new Map<string, string[]>();
  for (const r of found) map.set(r.agreementId, [...(map.get(r.agreementId) ?? []), r.collectivityId]);
  return map;
}

const toAmendment = (r: typeof amendments.$inferSelect): Amendment => ({
  id: r.id,
  agreementId: r.agreementId,
  number: r.number,
  object: r.object,
  signedOn: r.signedOn,
  effectiveFrom: r.effectiveFrom,
  chargingScheme: r.chargingScheme as ChargingScheme,
  workUnit: r.workUnit,
  forecastUnits: r.forecastUnits,
  impactSheet: r.impactSheet,
  staffCommitteeOpinionOn: r.staffCommitteeOpinionOn,
  staffCommitteeOpinion: r.staffCommitteeOpinion,
  note: r.note,
});

export async function listAmendments(tx: Tx, territoryId: string, agreementIds?: readonly string[]): Promise<Amendment[]> {
  if (agreementIds && agreementIds.length === 0) return [];
  const where = agreementIds ? and(eq(amendments.territoryId, territoryId), inArray(amendments.agreementId, [...agreementIds])) : eq(amendments.territoryId, territoryId);
  return (await tx.select().from(amendments).where(where).orderBy(asc(amendments.agreementId), asc(amendments.number))).map(toAmendment);
}

export async function findAmendment(tx: Tx, territoryId: string, id: string): Promise<Amendment | null> {
  const [row] = await tx.select().from(amendments).where(and(eq(amendments.territoryId, territoryId), eq(amendments.id, id)));
  return row ? toAmendment(row) : null;
}

const toAmendmentParticipant = (r: typeof amendmentParticipants.$inferSelect): AmendmentParticipant => ({
  id: r.id,
  amendmentId: r.amendmentId,
  collectivityId: r.collectivityId,
  paymentRoute: r.paymentRoute as PaymentRoute,
  installments: r.installments as Installment[],
});

export async function listAmendmentParticipants(tx: Tx, territoryId: string, amendmentIds?: readonly string[]): Promise<AmendmentParticipant[]> {
  if (amendmentIds && amendmentIds.length === 0) return [];
  const where = amendmentIds ? and(eq(amendmentParticipants.territoryId, territoryId), inArray(amendmentParticipants.amendmentId, [...amendmentIds])) : eq(amendmentParticipants.territoryId, territoryId);
  return (await tx.select().from(amendmentParticipants).where(where).orderBy(asc(amendmentParticipants.createdAt), asc(amendmentParticipants.id))).map(toAmendmentParticipant);
}

const toApproval = (r: typeof approvals.$inferSelect): Approval => ({
  id: r.id,
  agreementId: r.agreementId,
  amendmentId: r.amendmentId,
  collectivityId: r.collectivityId,
  body: r.body,
  approvedOn: r.approvedOn,
  deliberationReference: r.deliberationReference,
  deliberationId: r.deliberationId,
});

export async function listApprovals(tx: Tx, territoryId: string): Promise<Approval[]> {
  return (await tx.select().from(approvals).where(eq(approvals.territoryId, territoryId)).orderBy(asc(approvals.approvedOn), asc(approvals.id))).map(toApproval);
}

const toStaff = (r: typeof staff.$inferSelect): StaffMember => ({
  id: r.id,
  serviceId: r.serviceId,
  originCollectivityId: r.originCollectivityId,
  post: r.post,
  agentName: r.agentName,
  status: r.status as StaffStatus,
  fte: r.fte,
  yearlyCostCents: r.yearlyCostCents as Cents,
  validFrom: r.validFrom,
  validTo: r.validTo,
  note: r.note,
});

export async function listStaff(tx: Tx, territoryId: string, serviceId?: string): Promise<StaffMember[]> {
  const where = serviceId ? and(eq(staff.territoryId, territoryId), eq(staff.serviceId, serviceId)) : eq(staff.territoryId, territoryId);
  return (await tx.select().from(staff).where(where).orderBy(asc(staff.post), asc(staff.id))).map(toStaff);
}

export interface CommitteeRow {
  readonly id: string;
  readonly agreementId: string;
  readonly name: string;
}
export interface CommitteeMemberRow {
  readonly id: string;
  readonly committeeId: string;
  readonly collectivityId: string;
  readonly name: string;
  readonly role: string;
}
export interface MeetingRow {
  readonly id: string;
  readonly committeeId: string;
  readonly heldOn: string;
  readonly agenda: string;
  readonly decisions: readonly string[];
}

export async function findCommittee(tx: Tx, territoryId: string, agreementId: string): Promise<CommitteeRow | null> {
  const [row] = await tx.select().from(steeringCommittees).where(and(eq(steeringCommittees.territoryId, territoryId), eq(steeringCommittees.agreementId, agreementId)));
  return row ? { id: row.id, agreementId: row.agreementId, name: row.name } : null;
}

export async function listCommitteeMembers(tx: Tx, territoryId: string, committeeId: string): Promise<CommitteeMemberRow[]> {
  const found = await tx.select().from(steeringCommitteeMembers).where(and(eq(steeringCommitteeMembers.territoryId, territoryId), eq(steeringCommitteeMembers.committeeId, committeeId))).orderBy(asc(steeringCommitteeMembers.name));
  return found.map((r) => ({ id: r.id, committeeId: r.committeeId, collectivityId: r.collectivityId, name: r.name, role: r.role }));
}

export async function listMeetings(tx: Tx, territoryId: string, committeeId: string): Promise<MeetingRow[]> {
  const found = await tx.select().from(steeringCommitteeMeetings).where(and(eq(steeringCommitteeMeetings.territoryId, territoryId), eq(steeringCommitteeMeetings.committeeId, committeeId))).orderBy(asc(steeringCommitteeMeetings.heldOn));
  return found.map((r) => ({ id: r.id, committeeId: r.committeeId, heldOn: r.heldOn, agenda: r.agenda, decisions: r.decisions }));
}

export interface AllocationRow {
  readonly id: string;
  readonly communeId: string;
  readonly year: number;
  readonly clectAmountCents: Cents;
  readonly clectReportOn: string | null;
  readonly deliberationReference: string | null;
  readonly note: string | null;
}
export interface DeductionRow {
  readonly id: string;
  readonly communeId: string;
  readonly year: number;
  readonly serviceId: string;
  readonly amountCents: Cents;
  readonly source: string;
  readonly label: string;
}

const toAllocation = (r: typeof compensationAllocations.$inferSelect): AllocationRow => ({
  id: r.id,
  communeId: r.communeId,
  year: r.year,
  clectAmountCents: r.clectAmountCents as Cents,
  clectReportOn: r.clectReportOn,
  deliberationReference: r.deliberationReference,
  note: r.note,
});
const toDeduction = (r: typeof compensationDeductions.$inferSelect): DeductionRow => ({ id: r.id, communeId: r.communeId, year: r.year, serviceId: r.serviceId, amountCents: r.amountCents as Cents, source: r.source, label: r.label });

export async function listAllocations(tx: Tx, territoryId: string, filter: { year?: number; communeId?: string }): Promise<AllocationRow[]> {
  const conditions = [eq(compensationAllocations.territoryId, territoryId)];
  if (filter.year !== undefined) conditions.push(eq(compensationAllocations.year, filter.year));
  if (filter.communeId !== undefined) conditions.push(eq(compensationAllocations.communeId, filter.communeId));
  return (await tx.select().from(compensationAllocations).where(and(...conditions)).orderBy(asc(compensationAllocations.year))).map(toAllocation);
}

export async function listDeductions(tx: Tx, territoryId: string, filter: { year?: number; communeId?: string }): Promise<DeductionRow[]> {
  const conditions = [eq(compensationDeductions.territoryId, territoryId)];
  if (filter.year !== undefined) conditions.push(eq(compensationDeductions.year, filter.year));
  if (filter.communeId !== undefined) conditions.push(eq(compensationDeductions.communeId, filter.communeId));
  return (await tx.select().from(compensationDeductions).where(and(...conditions)).orderBy(asc(compensationDeductions.year), asc(compensationDeductions.label))).map(toDeduction);
}

export async function findAllocation(tx: Tx, territoryId: string, communeId: string, year: number): Promise<AllocationRow | null> {
  const [row] = await tx.select().from(compensationAllocations).where(and(eq(compensationAllocations.territoryId, territoryId), eq(compensationAllocations.communeId, communeId), eq(compensationAllocations.year, year)));
  return row ? toAllocation(row) : null;
}

export async function updateAllocation(tx: Tx, territoryId: string, row: AllocationRow): Promise<void> {
  await tx
    .update(compensationAllocations)
    .set({ clectAmountCents: row.clectAmountCents, clectReportOn: row.clectReportOn, deliberationReference: row.deliberationReference, note: row.note, updatedAt: sql`now()` })
    .where(and(eq(compensationAllocations.territoryId, territoryId), eq(compensationAllocations.id, row.id)));
}

export async function findDeduction(tx: Tx, territoryId: string, key: { communeId: string; year: number; serviceId: string; source: string }): Promise<DeductionRow | null> {
  const [row] = await tx
    .select()
    .from(compensationDeductions)
    .where(
      and(
        eq(compensationDeductions.territoryId, territoryId),
        eq(compensationDeductions.communeId, key.communeId),
        eq(compensationDeductions.year, key.year),
        eq(compensationDeductions.serviceId, key.serviceId),
        eq(compensationDeductions.source, key.source),
      ),
    );
  return row ? toDeduction(row) : null;
}

export async function insertDeduction(tx: Tx, row: DeductionInsert): Promise<void> {
  await tx.insert(compensationDeductions).values(row);
}

export async function updateDeduction(tx: Tx, territoryId: string, id: string, amountCents: Cents, label: string): Promise<void> {
  await tx.update(compensationDeductions).set({ amountCents, label, updatedAt: sql`now()` }).where(and(eq(compensationDeductions.territoryId, territoryId), eq(compensationDeductions.id, id)));
}

export async function endParticipant(tx: Tx, territoryId: string, id: string, validTo: string): Promise<void> {
  await tx.update(serviceParticipants).set({ validTo, updatedAt: sql`now()` }).where(and(eq(serviceParticipants.territoryId, territoryId), eq(serviceParticipants.id, id)));
}

export interface PartyRow {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly siren: string | null;
  readonly siret: string | null;
  readonly inseeCode: string | null;
}

/** The register's collectivities (territory's schema, read only), for names and validation inside one transaction. */
export async function listCollectivities(tx: Tx, territoryId: string): Promise<PartyRow[]> {
  return tx
    .select({ id: collectivities.id, name: collectivities.name, kind: collectivities.kind, siren: collectivities.siren, siret: collectivities.siret, inseeCode: collectivities.inseeCode })
    .from(collectivities)
    .where(eq(collectivities.territoryId, territoryId))
    .orderBy(asc(collectivities.name));
}
