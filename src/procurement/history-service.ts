import type { Database } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { UserError } from '../platform/http/errors.ts';
import type { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import { contractProblems, type ContractInput } from './contract-model.ts';
import { contractRows, groupContractProblem, saveContracts, type ContractDraft, type ContractRows } from './contract-service.ts';
import { coordinatorProblem, groupProblems, type CoordinatorMission, type GroupMember, type GroupStatus, type PurchasingGroup, type Scope } from './model.ts';
import * as store from './store.ts';

/** A past group, as a territory's records give it: members and approvals, lots, needs, contracts and consumption. */
export interface HistoryGroup {
  readonly reference: string;
  readonly object: string;
  readonly scopes: readonly Scope[];
  readonly categories: readonly string[];
  readonly coordinatorId: string;
  readonly coordinatorMission: CoordinatorMission;
  readonly status: GroupStatus;
  readonly agreementSignedOn: string | null;
  readonly agreementDurationMonths: number | null;
  readonly launchedOn: string | null;
  readonly note: string | null;
  readonly members: readonly { readonly collectivityId: string; readonly approval: { body: string; date: string; reference: string } | null }[];
  readonly lots: readonly { readonly title: string; readonly unit: string | null }[];
  readonly needs: readonly { readonly lot: number; readonly collectivityId: string; readonly quantity: string | null; readonly estimatedCents: Cents | null; readonly comment: string | null }[];
  /** `lot` is the index in `lots`, or null for a contract covering the whole group. */
  readonly contracts: readonly (Omit<ContractDraft, 'groupId' | 'lotId' | 'sharedDirection'> & { readonly lot: number | null; readonly consumption: readonly HistoryConsumption[] })[];
}

export interface HistoryConsumption {
  readonly collectivityId: string;
  readonly period: string;
  readonly kind: 'ordered' | 'invoiced';
  readonly amountCents: Cents;
}

/**
 * Loads a territory's purchasing history in one transaction (the demo territory, a migration from a spreadsheet): the same
 * rules as entry, page by page (coordinator among members, buyer as the agreement says, contracts after launch), checked
 * before anything is written; multi-row inserts; every row in the audit log.
 */
export async function loadPurchasingHistory(db: Database, ctx: TerritoryContext, groups: readonly HistoryGroup[], directionContracts: readonly ContractDraft[], source: string): Promise<void> {
  const register = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c]));
  const fail = (where: string, message: string, field?: string): never => {
    throw new UserError(`${where} : ${message}`, 400, field);
  };
  const siretOf = (where: string, id: string | null) => (id && register.get(id)?.siret) || fail(where, "l'acheteur n'a pas de SIRET dans le registre.", 'buyerId');
  const checkContract = (where: string, input: ContractInput) => {
    const first = contractProblems(input)[0];
    if (first) fail(where, first.message, first.field);
  };
  const groupRows: store.GroupInsert[] = [];
  const memberRows: store.MemberInsert[] = [];
  const lotRows: store.LotInsert[] = [];
  const needRows: store.NeedInsert[] = [];
  const contracts: ContractRows[] = [];
  const consumptionRows: store.ConsumptionInsert[] = [];
  const t = ctx.territoryId;
  for (const g of groups) {
    const where = `Groupement ${g.reference}`;
    const first = groupProblems({ ...g, scopes: [...g.scopes] })[0];
    if (first) fail(where, first.message, first.field);
    const memberIds = g.members.map((m) => m.collectivityId);
    const coordinator = coordinatorProblem(g.coordinatorId, memberIds);
    if (coordinator) fail(where, coordinator.message, coordinator.field);
    if (memberIds.some((id) => !register.has(id))) fail(where, "un membre n'est pas une collectivité du registre.", 'memberIds');
    if ((g.status === 'forming') !== (g.agreementSignedOn === null)) fail(where, 'un groupement constitué a une convention signée, un groupement en constitution non.', 'agreementSignedOn');
    const group: PurchasingGroup = { id: newId(), ...g, scopes: [...g.scopes], categories: [...g.categories], closedOn: null };
    groupRows.push({ territoryId: t, ...group, scopes: [...group.scopes], categories: [...group.categories] });
    const members: GroupMember[] = g.members.map((m) => {
      const c = register.get(m.collectivityId)!;
      return { id: newId(), collectivityId: c.id, name: c.name, kind: c.kind, inseeCode: c.inseeCode, siret: c.siret, approvalBody: m.approval?.body ?? null, approvalDate: m.approval?.date ?? null, approvalReference: m.approval?.reference ?? null, deliberationId: null };
    });
    memberRows.push(...members.map((m) => ({ territoryId: t, id: m.id, groupId: group.id, collectivityId: m.collectivityId, approvalBody: m.approvalBody, approvalDate: m.approvalDate, approvalReference: m.approvalReference })));
    const lots = g.lots.map((l, i) => ({ territoryId: t, id: newId(), groupId: group.id, number: i + 1, title: l.title, unit: l.unit }));
    lotRows.push(...lots);
    for (const n of g.needs) {
      if (!lots[n.lot] || !memberIds.includes(n.collectivityId)) fail(where, 'un besoin vise un lot ou un membre inconnu.', 'needs');
      needRows.push({ territoryId: t, id: newId(), lotId: lots[n.lot]!.id, collectivityId: n.collectivityId, quantity: n.quantity, estimatedCents: n.estimatedCents, comment: n.comment });
    }
    for (const c of g.contracts) {
      const { lot, consumption, ...draft } = c;
      const input: ContractInput = { ...draft, groupId: group.id, lotId: lot === null ? null : (lots[lot]?.id ?? fail(`${where}, marché ${c.reference}`, 'lot inconnu.', 'lotId')), sharedDirection: null, buyerSiret: siretOf(`${where}, marché ${c.reference}`, draft.buyerId) };
      checkContract(`${where}, marché ${c.reference}`, input);
      const problem = groupContractProblem(input, group, members, lots.map((l) => l.id));
      if (problem) fail(`${where}, marché ${c.reference}`, problem.message, problem.field);
      const rows = contractRows(t, input, source);
      contracts.push(rows);
      consumptionRows.push(...consumption.map((x) => ({ territoryId: t, id: newId(), contractId: rows.id, ...x })));
    }
  }
  for (const d of directionContracts) {
    const input: ContractInput = { ...d, buyerSiret: siretOf(`Marché ${d.reference}`, d.buyerId) };
    checkContract(`Marché ${d.reference}`, input);
    contracts.push(contractRows(t, input, source));
  }
  const keys = contracts.map((c) => `${c.contract.buyerSiret}|${c.contract.reference}`);
  if (new Set(keys).size !== keys.length) fail('Marchés', 'deux marchés du même acheteur ont le même numéro.', 'reference');
  await db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertGroups(tx, groupRows);
    await store.insertMembers(tx, memberRows);
    await store.insertLots(tx, lotRows);
    await store.insertNeeds(tx, needRows);
    await saveContracts(tx, ctx, contracts);
    await store.insertConsumptions(tx, consumptionRows);
    const changes: AuditChange[] = [
      ...groupRows.map((r) => ({ action: 'création', entity: 'purchasing_groups', entityId: r.id, before: null, after: r })),
      ...memberRows.map((r) => ({ action: 'création', entity: 'purchasing_group_members', entityId: r.id, before: null, after: r })),
      ...lotRows.map((r) => ({ action: 'création', entity: 'purchasing_lots', entityId: r.id, before: null, after: r })),
      ...needRows.map((r) => ({ action: 'création', entity: 'needs', entityId: r.id, before: null, after: r })),
      ...consumptionRows.map((r) => ({ action: 'création', entity: 'consumptions', entityId: r.id, before: null, after: r })),
    ];
    await recordAudit(tx, t, ctx.actor, changes);
  });
}
