import type { Database, Tx } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import type { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import type { Contract } from './contract-model.ts';
import { checkConsumption, mustPublish, sumQuantities, termsInForce, thresholdOn, type ConsumptionCheck, type GroupMember, type Lot, type Need, type PurchasingGroup } from './model.ts';
import { loadGroup, type Viewer } from './service.ts';
import { loadContract } from './contract-service.ts';
import * as store from './store.ts';

export interface LotNeeds {
  readonly lot: Lot;
  /** One line per member; `need` is null when the viewer may not see that member's figures (or it declared none). */
  readonly lines: readonly { readonly member: GroupMember; readonly need: Need | null; readonly hidden: boolean }[];
  readonly totalQuantity: string | null;
  readonly totalCents: Cents;
  readonly declared: number;
}

export interface ContractView {
  readonly contract: Contract;
  readonly buyerName: string;
  readonly amountInForceCents: Cents;
  readonly durationInForceMonths: number;
  readonly consumption: ConsumptionCheck;
  /** Consumption lines the viewer may see, per member and period. */
  readonly consumptionRows: readonly { member: string; period: string; kind: string; amountCents: Cents; reference: string | null }[];
  readonly hiddenConsumption: boolean;
  /** Each consuming member against its need; figures of members the viewer may not see are withheld. */
  readonly memberLines: readonly { name: string; hidden: boolean; consumedCents: Cents | null; neededCents: Cents | null; overNeed: boolean }[];
  readonly published: { readonly must: boolean; readonly basis: string; readonly thresholdCents: Cents | null };
}

export interface GroupDetail {
  readonly group: PurchasingGroup;
  readonly members: readonly GroupMember[];
  readonly coordinator: GroupMember | null;
  readonly lots: readonly LotNeeds[];
  /** Members that have declared no need at all yet. */
  readonly missing: readonly GroupMember[];
  readonly contracts: readonly ContractView[];
  /** The viewer sees every member's lines (the EPCI's teams, or a commune user whose commune coordinates). */
  readonly seesAllMembers: boolean;
}

/** Members' lines are shown to those who may read them, and to the coordinator's own people (it runs the collection). */
function lineVisible(viewer: Viewer, group: PurchasingGroup, collectivityId: string): boolean {
  return viewer.memberData(collectivityId) || viewer.memberData(group.coordinatorId);
}

const collator = new Intl.Collator('fr');

async function contractViews(tx: Tx, ctx: TerritoryContext, list: readonly Contract[], names: ReadonlyMap<string, string>, needsOf: (c: Contract, member: string) => Cents | null, visible: (member: string) => boolean): Promise<ContractView[]> {
  const all = await store.listConsumptions(tx, ctx.territoryId, list.map((c) => c.id));
  return list.map((contract) => {
    const terms = termsInForce(contract, contract.modifications);
    const mine = all.filter((c) => c.contractId === contract.id);
    // Invoiced amounts when there are some for a member, else its orders: what it really spent against the ceiling.
    const perMember = new Map<string, { ordered: number; invoiced: number }>();
    for (const c of mine) {
      const t = perMember.get(c.collectivityId) ?? { ordered: 0, invoiced: 0 };
      t[c.kind] += c.amountCents;
      perMember.set(c.collectivityId, t);
    }
    const lines = [...perMember].map(([collectivityId, t]) => ({ collectivityId, consumedCents: (t.invoiced > 0 ? t.invoiced : t.ordered) as Cents, neededCents: needsOf(contract, collectivityId) }));
    const threshold = thresholdOn(contract.notifiedOn);
    const consumption = checkConsumption(lines, terms.amountCents);
    return {
      contract,
      buyerName: (contract.buyerId && names.get(contract.buyerId)) || `acheteur ${contract.buyerSiret}`,
      amountInForceCents: terms.amountCents,
      durationInForceMonths: terms.durationMonths,
      consumption,
      memberLines: [...consumption.lines].sort((a, b) => collator.compare(names.get(a.collectivityId) ?? '', names.get(b.collectivityId) ?? '')).map((l) =>
        visible(l.collectivityId)
          ? { name: names.get(l.collectivityId) ?? '—', hidden: false, consumedCents: l.consumedCents, neededCents: l.neededCents, overNeed: l.overNeed }
          : { name: names.get(l.collectivityId) ?? '—', hidden: true, consumedCents: null, neededCents: null, overNeed: false },
      ),
      consumptionRows: mine.filter((c) => visible(c.collectivityId)).map((c) => ({ member: names.get(c.collectivityId) ?? '—', period: c.period, kind: c.kind, amountCents: c.amountCents, reference: c.reference })),
      hiddenConsumption: mine.some((c) => !visible(c.collectivityId)),
      published: { must: mustPublish(contract.notifiedOn, contract.amountCents), basis: threshold.basis, thresholdCents: threshold.thresholdCents },
    };
  });
}

/** A group as its page shows it: members and approvals, needs per lot with totals and who is missing, contracts and consumption. */
export async function groupDetail(db: Database, ctx: TerritoryContext, groupId: string, viewer: Viewer): Promise<GroupDetail> {
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { group, members, lots } = await loadGroup(tx, ctx, groupId, viewer);
    const all = await store.listNeeds(tx, ctx.territoryId, lots.map((l) => l.id));
    const visible = (id: string) => lineVisible(viewer, group, id);
    const lotNeeds: LotNeeds[] = lots.map((lot) => {
      const declared = all.filter((n) => n.lotId === lot.id);
      const quantities = declared.map((n) => n.quantity).filter((q): q is string => q !== null);
      return {
        lot,
        lines: members.map((member) => {
          const need = declared.find((n) => n.collectivityId === member.collectivityId) ?? null;
          return { member, need: visible(member.collectivityId) ? need : null, hidden: !visible(member.collectivityId) };
        }),
        totalQuantity: quantities.length ? sumQuantities(quantities) : null,
        totalCents: declared.reduce((a, n) => a + (n.estimatedCents ?? 0), 0) as Cents,
        declared: declared.length,
      };
    });
    const missing = lots.length === 0 ? [] : members.filter((m) => !all.some((n) => n.collectivityId === m.collectivityId));
    const contracts = await store.listContracts(tx, ctx.territoryId, { groupId });
    const needsOf = (c: Contract, member: string) => {
      const list = all.filter((n) => n.collectivityId === member && (c.lotId === null || n.lotId === c.lotId) && n.estimatedCents !== null);
      return list.length ? (list.reduce((a, n) => a + n.estimatedCents!, 0) as Cents) : null;
    };
    return {
      group,
      members,
      coordinator: members.find((m) => m.collectivityId === group.coordinatorId) ?? null,
      lots: lotNeeds,
      missing,
      contracts: await contractViews(tx, ctx, contracts, names, needsOf, visible),
      seesAllMembers: members.every((m) => visible(m.collectivityId)),
    };
  });
}

export interface ContractDetail extends ContractView {
  readonly group: PurchasingGroup | null;
  readonly members: readonly GroupMember[];
  readonly lot: Lot | null;
}

export async function contractDetail(db: Database, ctx: TerritoryContext, contractId: string, viewer: Viewer): Promise<ContractDetail> {
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { contract, group, members } = await loadContract(tx, ctx, contractId, viewer);
    const lots = group ? await store.listLots(tx, ctx.territoryId, group.id) : [];
    const needs = await store.listNeeds(tx, ctx.territoryId, lots.map((l) => l.id));
    const needsOf = (c: Contract, member: string) => {
      const list = needs.filter((n) => n.collectivityId === member && (c.lotId === null || n.lotId === c.lotId) && n.estimatedCents !== null);
      return list.length ? (list.reduce((a, n) => a + n.estimatedCents!, 0) as Cents) : null;
    };
    const visible = (id: string) => (group ? lineVisible(viewer, group, id) : viewer.memberData(id) || (contract.buyerId !== null && viewer.memberData(contract.buyerId)));
    const [view] = await contractViews(tx, ctx, [contract], names, needsOf, visible);
    return { ...view!, group, members, lot: lots.find((l) => l.id === contract.lotId) ?? null };
  });
}

/** Contracts the viewer may see (a commune user: those of its groups or bought by its commune), newest first. */
export async function listContracts(db: Database, ctx: TerritoryContext, viewer: Viewer): Promise<{ contract: store.ContractHead; buyerName: string; groupReference: string | null }[]> {
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const groups = await store.listGroups(tx, ctx.territoryId);
    const members = await store.listMembers(tx, ctx.territoryId, null);
    const seen = new Set(groups.filter((g) => viewer.communeIds === null || (members.get(g.id) ?? []).some((m) => viewer.communeIds!.includes(m.collectivityId))).map((g) => g.id));
    const refs = new Map(groups.map((g) => [g.id, g.reference]));
    return (await store.listContractHeads(tx, ctx.territoryId))
      .filter((c) => viewer.communeIds === null || (c.groupId ? seen.has(c.groupId) : c.buyerId !== null && viewer.communeIds.includes(c.buyerId)))
      .reverse()
      .map((contract) => ({ contract, buyerName: (contract.buyerId && names.get(contract.buyerId)) || contract.buyerSiret, groupReference: contract.groupId ? (refs.get(contract.groupId) ?? null) : null }));
  });
}
