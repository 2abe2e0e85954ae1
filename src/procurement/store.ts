import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import type { Cents } from '../platform/money.ts';
import { collectivities } from '../territory/tables.ts';
import { consumptions, contractModifications, contracts, contractSuppliers, needs, purchasingGroupMembers, purchasingGroups, purchasingLots, subcontractingActs } from './tables.ts';
import type { Contract, Modification, SubcontractingAct, Supplier } from './contract-model.ts';
import type { ConsumptionKind, CoordinatorMission, GroupMember, GroupStatus, Lot, Need, PurchasingGroup, Scope } from './model.ts';

// All SQL of the procurement module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
async function insertAll<T extends Record<string, unknown>>(tx: Tx, table: Parameters<Tx['insert']>[0], rows: readonly T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH) as never);
}

type GroupRow = typeof purchasingGroups.$inferSelect;
const toGroup = (r: GroupRow): PurchasingGroup => ({
  id: r.id,
  reference: r.reference,
  object: r.object,
  scopes: r.scopes as Scope[],
  categories: r.categories,
  coordinatorId: r.coordinatorId,
  status: r.status as GroupStatus,
  agreementSignedOn: r.agreementSignedOn,
  agreementDurationMonths: r.agreementDurationMonths,
  coordinatorMission: r.coordinatorMission as CoordinatorMission,
  launchedOn: r.launchedOn,
  closedOn: r.closedOn,
  note: r.note,
});

export type GroupInsert = typeof purchasingGroups.$inferInsert;
export type MemberInsert = typeof purchasingGroupMembers.$inferInsert;
export type LotInsert = typeof purchasingLots.$inferInsert;
export type NeedInsert = typeof needs.$inferInsert;
export type ContractInsert = typeof contracts.$inferInsert;
export type SupplierInsert = typeof contractSuppliers.$inferInsert;
export type ModificationInsert = typeof contractModifications.$inferInsert;
export type SubcontractingInsert = typeof subcontractingActs.$inferInsert;
export type ConsumptionInsert = typeof consumptions.$inferInsert;

export const insertGroups = (tx: Tx, rows: readonly GroupInsert[]) => insertAll(tx, purchasingGroups, rows);
export const insertMembers = (tx: Tx, rows: readonly MemberInsert[]) => insertAll(tx, purchasingGroupMembers, rows);
export const insertLots = (tx: Tx, rows: readonly LotInsert[]) => insertAll(tx, purchasingLots, rows);
export const insertNeeds = (tx: Tx, rows: readonly NeedInsert[]) => insertAll(tx, needs, rows);
export const insertContracts = (tx: Tx, rows: readonly ContractInsert[]) => insertAll(tx, contracts, rows);
export const insertSuppliers = (tx: Tx, rows: readonly SupplierInsert[]) => insertAll(tx, contractSuppliers, rows);
export const insertModifications = (tx: Tx, rows: readonly ModificationInsert[]) => insertAll(tx, contractModifications, rows);
export const insertSubcontracting = (tx: Tx, rows: readonly SubcontractingInsert[]) => insertAll(tx, subcontractingActs, rows);
export const insertConsumptions = (tx: Tx, rows: readonly ConsumptionInsert[]) => insertAll(tx, consumptions, rows);

export async function listGroups(tx: Tx, territoryId: string): Promise<PurchasingGroup[]> {
  const found = await tx.select().from(purchasingGroups).where(eq(purchasingGroups.territoryId, territoryId)).orderBy(asc(purchasingGroups.agreementSignedOn), asc(purchasingGroups.reference));
  return found.map(toGroup);
}

export async function findGroup(tx: Tx, territoryId: string, id: string): Promise<PurchasingGroup | null> {
  const [row] = await tx.select().from(purchasingGroups).where(and(eq(purchasingGroups.territoryId, territoryId), eq(purchasingGroups.id, id)));
  return row ? toGroup(row) : null;
}

export async function findGroupByReference(tx: Tx, territoryId: string, reference: string): Promise<PurchasingGroup | null> {
  const [row] = await tx.select().from(purchasingGroups).where(and(eq(purchasingGroups.territoryId, territoryId), eq(purchasingGroups.reference, reference)));
  return row ? toGroup(row) : null;
}

export async function updateGroup(tx: Tx, territoryId: string, group: PurchasingGroup): Promise<void> {
  await tx
    .update(purchasingGroups)
    .set({
      status: group.status,
      agreementSignedOn: group.agreementSignedOn,
      agreementDurationMonths: group.agreementDurationMonths,
      launchedOn: group.launchedOn,
      closedOn: group.closedOn,
      coordinatorId: group.coordinatorId,
      updatedAt: sql`now()`,
    })
    .where(and(eq(purchasingGroups.territoryId, territoryId), eq(purchasingGroups.id, group.id)));
}

/** Members of the groups, with the collectivity's name and identifiers, by group id. */
export async function listMembers(tx: Tx, territoryId: string, groupIds: readonly string[] | null): Promise<Map<string, GroupMember[]>> {
  const found = await tx
    .select({ m: purchasingGroupMembers, name: collectivities.name, kind: collectivities.kind, inseeCode: collectivities.inseeCode, siret: collectivities.siret })
    .from(purchasingGroupMembers)
    .innerJoin(collectivities, and(eq(collectivities.territoryId, purchasingGroupMembers.territoryId), eq(collectivities.id, purchasingGroupMembers.collectivityId)))
    .where(and(eq(purchasingGroupMembers.territoryId, territoryId), groupIds === null ? undefined : inArray(purchasingGroupMembers.groupId, groupIds.length ? [...groupIds] : ['00000000-0000-0000-0000-000000000000'])))
    .orderBy(asc(collectivities.name));
  const byGroup = new Map<string, GroupMember[]>();
  for (const r of found) {
    const member: GroupMember = {
      id: r.m.id,
      collectivityId: r.m.collectivityId,
      name: r.name,
      kind: r.kind,
      inseeCode: r.inseeCode,
      siret: r.siret,
      approvalBody: r.m.approvalBody,
      approvalDate: r.m.approvalDate,
      approvalReference: r.m.approvalReference,
      deliberationId: r.m.deliberationId,
    };
    byGroup.set(r.m.groupId, [...(byGroup.get(r.m.groupId) ?? []), member]);
  }
  return byGroup;
}

export async function updateApproval(tx: Tx, territoryId: string, memberId: string, approval: { approvalBody: string; approvalDate: string; approvalReference: string; deliberationId: string | null }): Promise<void> {
  await tx
    .update(purchasingGroupMembers)
    .set({ ...approval, updatedAt: sql`now()` })
    .where(and(eq(purchasingGroupMembers.territoryId, territoryId), eq(purchasingGroupMembers.id, memberId)));
}

export async function listLots(tx: Tx, territoryId: string, groupId: string): Promise<Lot[]> {
  const found = await tx.select().from(purchasingLots).where(and(eq(purchasingLots.territoryId, territoryId), eq(purchasingLots.groupId, groupId))).orderBy(asc(purchasingLots.number));
  return found.map((r) => ({ id: r.id, groupId: r.groupId, number: r.number, title: r.title, unit: r.unit }));
}

export async function listNeeds(tx: Tx, territoryId: string, lotIds: readonly string[]): Promise<Need[]> {
  if (lotIds.length === 0) return [];
  const found = await tx.select().from(needs).where(and(eq(needs.territoryId, territoryId), inArray(needs.lotId, [...lotIds])));
  return found.map((r) => ({ id: r.id, lotId: r.lotId, collectivityId: r.collectivityId, quantity: r.quantity, estimatedCents: r.estimatedCents as Cents | null, comment: r.comment }));
}

export async function updateNeed(tx: Tx, territoryId: string, need: Need): Promise<void> {
  await tx
    .update(needs)
    .set({ quantity: need.quantity, estimatedCents: need.estimatedCents, comment: need.comment, updatedAt: sql`now()` })
    .where(and(eq(needs.territoryId, territoryId), eq(needs.id, need.id)));
}

export async function deleteNeed(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx.delete(needs).where(and(eq(needs.territoryId, territoryId), eq(needs.id, id)));
}

type ContractRow = typeof contracts.$inferSelect;

/** Contracts with their suppliers, modifications and subcontracting acts; all of the territory, or those named. */
export async function listContracts(tx: Tx, territoryId: string, filter: { ids?: readonly string[]; groupId?: string } = {}): Promise<Contract[]> {
  const where = and(
    eq(contracts.territoryId, territoryId),
    filter.ids ? inArray(contracts.id, filter.ids.length ? [...filter.ids] : ['00000000-0000-0000-0000-000000000000']) : undefined,
    filter.groupId ? eq(contracts.groupId, filter.groupId) : undefined,
  );
  const rows = await tx.select().from(contracts).where(where).orderBy(asc(contracts.notifiedOn), asc(contracts.reference));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const inIds = <C extends typeof contractSuppliers.contractId | typeof contractModifications.contractId | typeof subcontractingActs.contractId>(column: C) => inArray(column, ids);
  // One after the other: a transaction is one connection, and node-postgres refuses overlapping queries on it.
  const suppliers = await tx.select().from(contractSuppliers).where(and(eq(contractSuppliers.territoryId, territoryId), inIds(contractSuppliers.contractId))).orderBy(asc(contractSuppliers.position));
  const modifications = await tx.select().from(contractModifications).where(and(eq(contractModifications.territoryId, territoryId), inIds(contractModifications.contractId))).orderBy(asc(contractModifications.seq));
  const acts = await tx.select().from(subcontractingActs).where(and(eq(subcontractingActs.territoryId, territoryId), inIds(subcontractingActs.contractId))).orderBy(asc(subcontractingActs.seq));
  const group = <R extends { contractId: string }>(list: readonly R[]) => {
    const map = new Map<string, R[]>();
    for (const r of list) map.set(r.contractId, [...(map.get(r.contractId) ?? []), r]);
    return map;
  };
  const s = group(suppliers);
  const m = group(modifications);
  const a = group(acts);
  return rows.map((r) => toContract(r, s.get(r.id) ?? [], m.get(r.id) ?? [], a.get(r.id) ?? []));
}

function toContract(
  r: ContractRow,
  suppliers: readonly (typeof contractSuppliers.$inferSelect)[],
  modifications: readonly (typeof contractModifications.$inferSelect)[],
  acts: readonly (typeof subcontractingActs.$inferSelect)[],
): Contract {
  return {
    id: r.id,
    source: r.source,
    reference: r.reference,
    groupId: r.groupId,
    lotId: r.lotId,
    sharedDirection: r.sharedDirection,
    buyerId: r.buyerId,
    buyerSiret: r.buyerSiret,
    nature: r.nature as Contract['nature'],
    object: r.object,
    cpvCode: r.cpvCode,
    procedure: r.procedure as Contract['procedure'],
    techniques: r.techniques as Contract['techniques'],
    executionMethods: r.executionMethods as Contract['executionMethods'],
    frameworkAgreementId: r.frameworkAgreementId,
    innovative: r.innovative,
    ccag: r.ccag as Contract['ccag'],
    offersReceived: r.offersReceived,
    advancePaid: r.advancePaid,
    advanceRate: r.advanceRate,
    operatorGrouping: r.operatorGrouping as Contract['operatorGrouping'],
    subcontractingDeclared: r.subcontractingDeclared,
    placeCode: r.placeCode,
    placeCodeType: r.placeCodeType as Contract['placeCodeType'],
    durationMonths: r.durationMonths,
    notifiedOn: r.notifiedOn,
    dataPublishedOn: r.dataPublishedOn,
    amountCents: r.amountCents as Cents,
    priceForm: r.priceForm as Contract['priceForm'],
    priceTypes: r.priceTypes as Contract['priceTypes'],
    originEu: r.originEu,
    originFrance: r.originFrance,
    socialConsiderations: r.socialConsiderations as Contract['socialConsiderations'],
    environmentalConsiderations: r.environmentalConsiderations as Contract['environmentalConsiderations'],
    suppliers: suppliers.map((x): Supplier => ({ identifier: x.identifier, identifierType: x.identifierType as Supplier['identifierType'], name: x.name })),
    modifications: modifications.map(
      (x): Modification => ({
        seq: x.seq,
        notifiedOn: x.notifiedOn,
        publishedOn: x.publishedOn,
        durationMonths: x.durationMonths,
        amountCents: x.amountCents as Cents | null,
        suppliers: x.suppliers as Modification['suppliers'],
        object: x.object,
      }),
    ),
    subcontracting: acts.map(
      (x): SubcontractingAct => ({
        seq: x.seq,
        subcontractorIdentifier: x.subcontractorIdentifier,
        subcontractorIdentifierType: x.subcontractorIdentifierType,
        durationMonths: x.durationMonths,
        notifiedOn: x.notifiedOn,
        publishedOn: x.publishedOn,
        amountCents: x.amountCents as Cents,
        priceVariation: x.priceVariation as SubcontractingAct['priceVariation'],
        modifications: x.modifications as SubcontractingAct['modifications'],
      }),
    ),
  };
}

/** What lists and statistics need of a contract, without its suppliers, modifications and subcontracting. */
export interface ContractHead {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly groupId: string | null;
  readonly sharedDirection: string | null;
  readonly buyerId: string | null;
  readonly buyerSiret: string;
  readonly notifiedOn: string;
  readonly amountCents: Cents;
  readonly source: string;
}

export async function listContractHeads(tx: Tx, territoryId: string): Promise<ContractHead[]> {
  const found = await tx
    .select({
      id: contracts.id,
      reference: contracts.reference,
      object: contracts.object,
      groupId: contracts.groupId,
      sharedDirection: contracts.sharedDirection,
      buyerId: contracts.buyerId,
      buyerSiret: contracts.buyerSiret,
      notifiedOn: contracts.notifiedOn,
      amountCents: contracts.amountCents,
      source: contracts.source,
    })
    .from(contracts)
    .where(eq(contracts.territoryId, territoryId))
    .orderBy(asc(contracts.notifiedOn), asc(contracts.reference));
  return found.map((r) => ({ ...r, amountCents: r.amountCents as Cents }));
}

/** (buyer SIRET, reference) pairs already in the territory: a DECP id is unique per buyer. */
export async function contractKeys(tx: Tx, territoryId: string): Promise<Set<string>> {
  const found = await tx.select({ siret: contracts.buyerSiret, reference: contracts.reference }).from(contracts).where(eq(contracts.territoryId, territoryId));
  return new Set(found.map((r) => `${r.siret}|${r.reference}`));
}

export interface StoredConsumption {
  readonly id: string;
  readonly contractId: string;
  readonly collectivityId: string;
  readonly period: string;
  readonly kind: ConsumptionKind;
  readonly amountCents: Cents;
  readonly reference: string | null;
}

export async function listConsumptions(tx: Tx, territoryId: string, contractIds: readonly string[] | null): Promise<StoredConsumption[]> {
  if (contractIds !== null && contractIds.length === 0) return [];
  const found = await tx
    .select()
    .from(consumptions)
    .where(and(eq(consumptions.territoryId, territoryId), contractIds === null ? undefined : inArray(consumptions.contractId, [...contractIds])))
    .orderBy(asc(consumptions.period));
  return found.map((r) => ({ id: r.id, contractId: r.contractId, collectivityId: r.collectivityId, period: r.period, kind: r.kind as ConsumptionKind, amountCents: r.amountCents as Cents, reference: r.reference }));
}

export async function updateConsumption(tx: Tx, territoryId: string, id: string, amountCents: number, reference: string | null): Promise<void> {
  await tx.update(consumptions).set({ amountCents, reference, updatedAt: sql`now()` }).where(and(eq(consumptions.territoryId, territoryId), eq(consumptions.id, id)));
}

export async function nextModificationSeq(tx: Tx, territoryId: string, contractId: string): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${contractModifications.seq})` })
    .from(contractModifications)
    .where(and(eq(contractModifications.territoryId, territoryId), eq(contractModifications.contractId, contractId)));
  return Number(row?.max ?? 0) + 1;
}
