// Loads everything a sitting's attendance depends on, in the caller's transaction (service side: store → model).
import type { Tx } from '../platform/db/database.ts';
import type { SittingFacts } from './attendance.ts';
import { seatsAt, itemQuorum, type ItemCounts } from './attendance.ts';
import {
  compareRegisterOrder,
  currentPosition,
  mandateInForce,
  memberName,
  ruleInForce,
  type AgendaItem,
  type Body,
  type Mandate,
  type Member,
  type Quorum,
  type RuleSet,
  type Sitting,
  type VoteRecord,
} from './model.ts';
import * as store from './store.ts';

export interface SittingState {
  readonly sitting: Sitting & { eventSeq: number };
  readonly body: Body;
  readonly rules: readonly RuleSet[];
  /** The rule set in force on the sitting's date. */
  readonly rule: RuleSet | null;
  readonly items: readonly AgendaItem[];
  readonly votes: ReadonlyMap<string, VoteRecord>;
  readonly members: ReadonlyMap<string, Member>;
  /** Titular mandates in force on the sitting's date, in the order of the register. */
  readonly titular: readonly Mandate[];
  readonly substitutes: readonly Mandate[];
  readonly excuses: readonly store.Excuse[];
  readonly proxies: readonly store.StoredProxy[];
  readonly withdrawals: readonly store.Withdrawal[];
  readonly facts: SittingFacts;
  /** The first undecided item's position (events take effect from it), null when every item is decided. */
  readonly position: number | null;
}

export async function loadSitting(tx: Tx, territoryId: string, sittingId: string): Promise<SittingState | null> {
  const sitting = await store.findSitting(tx, territoryId, sittingId);
  if (!sitting) return null;
  const body = (await store.findBody(tx, territoryId, sitting.bodyId))!;
  const [rules, items, mandates, members, excuses, movements, proxies, substitutions] = [
    await store.listRuleSets(tx, territoryId, body.id),
    await store.listItems(tx, territoryId, [sittingId]),
    await store.listMandates(tx, territoryId, { bodyId: body.id }),
    await store.listMembers(tx, territoryId),
    await store.listExcuses(tx, territoryId, [sittingId]),
    await store.listMovements(tx, territoryId, [sittingId]),
    await store.listProxies(tx, territoryId, [sittingId]),
    await store.listSubstitutions(tx, territoryId, [sittingId]),
  ];
  const itemIds = items.map((i) => i.id);
  const votes = new Map((await store.listVotes(tx, territoryId, itemIds)).map((v) => [v.itemId, v]));
  const withdrawals = await store.listWithdrawals(tx, territoryId, itemIds);
  const memberMap = new Map(members.map((m) => [m.id, m]));
  const order = (a: Mandate, b: Mandate) => compareRegisterOrder({ ...memberMap.get(a.memberId)!, rank: a.rank }, { ...memberMap.get(b.memberId)!, rank: b.rank });
  const inForce = mandates.filter((m) => mandateInForce(m, sitting.date));
  const titular = inForce.filter((m) => m.seat === 'titular').sort(order);
  const substitutes = inForce.filter((m) => m.seat === 'substitute').sort(order);
  const positionOf = new Map(items.map((i) => [i.id, i.position]));
  const byPosition = new Map<number, Set<string>>();
  for (const w of withdrawals) {
    const p = positionOf.get(w.itemId)!;
    if (!byPosition.has(p)) byPosition.set(p, new Set());
    byPosition.get(p)!.add(w.memberId);
  }
  const facts: SittingFacts = {
    inOffice: titular.map((m) => ({ memberId: m.memberId, communeId: m.communeId })),
    substitutes: substitutes.map((m) => ({ memberId: m.memberId, communeId: m.communeId })),
    excused: new Set(excuses.map((e) => e.memberId)),
    movements,
    proxies,
    substitutions,
    withdrawals: byPosition,
  };
  return {
    sitting,
    body,
    rules,
    rule: ruleInForce(rules, sitting.date),
    items,
    votes,
    members: memberMap,
    titular,
    substitutes,
    excuses,
    proxies,
    withdrawals,
    facts,
    position: currentPosition(items, new Set(votes.keys())),
  };
}

/** A member as pages, documents and the API print them. */
export interface MemberView {
  readonly id: string;
  readonly civility: Member['civility'];
  readonly firstName: string;
  readonly lastName: string;
  /** "M. Gilles ARTIGUES". */
  readonly name: string;
  readonly communeId: string | null;
}

export function memberView(state: Pick<SittingState, 'members' | 'titular' | 'substitutes'>, id: string): MemberView {
  const m = state.members.get(id)!;
  const mandate = state.titular.find((x) => x.memberId === id) ?? state.substitutes.find((x) => x.memberId === id);
  return { id, civility: m.civility, firstName: m.firstName, lastName: m.lastName, name: memberName(m), communeId: mandate?.communeId ?? null };
}

/** What a deliberation reads for its agenda item: who was there, the proxies, the quorum and the vote. */
export interface ItemAttendance {
  readonly sittingId: string;
  readonly itemId: string;
  readonly position: number;
  readonly title: string;
  readonly kind: AgendaItem['kind'];
  readonly bodyId: string;
  readonly bodyName: string;
  readonly sittingDate: string;
  readonly startsAt: string;
  readonly convokedOn: string;
  readonly convocation: Sitting['convocation'];
  /** Members in office on the sitting's date, in the order of the register. */
  readonly inOffice: readonly MemberView[];
  /** Present for the item, in the order of the register; a substitute prints with the titular they sit for. */
  readonly present: readonly (MemberView & { substituteFor: MemberView | null })[];
  /** Giver → holder, in the register order of the givers. */
  readonly proxies: readonly { giver: MemberView; holder: MemberView }[];
  /** Absent with an apology and no proxy. */
  readonly excused: readonly MemberView[];
  readonly absent: readonly MemberView[];
  /** Not taking part for a personal interest (not counted). */
  readonly withdrawn: readonly MemberView[];
  readonly secretary: MemberView | null;
  readonly president: MemberView | null;
  readonly counts: Omit<ItemCounts, 'seats'>;
  readonly quorum: Quorum | null;
  readonly rule: Pick<RuleSet, 'label' | 'legalBasis'> | null;
  readonly vote: VoteRecord | null;
}

/** The attendance of one item, computed from the sitting's events and the rule in force. */
export function attendanceOf(state: SittingState, item: AgendaItem): ItemAttendance {
  const counts = seatsAt(state.facts, item.position);
  const view = (id: string) => memberView(state, id);
  const seatsBy = (presence: string) => counts.seats.filter((s) => s.presence === presence);
  const present = counts.seats
    .filter((s) => s.presence === 'present' || s.presence === 'substituted')
    .map((s) => (s.substituteId ? { ...view(s.substituteId), substituteFor: view(s.memberId) } : { ...view(s.memberId), substituteFor: null }));
  const { seats: _seats, ...totals } = counts;
  return {
    sittingId: state.sitting.id,
    itemId: item.id,
    position: item.position,
    title: item.title,
    kind: item.kind,
    bodyId: state.body.id,
    bodyName: state.body.name,
    sittingDate: state.sitting.date,
    startsAt: state.sitting.startsAt,
    convokedOn: state.sitting.convokedOn,
    convocation: state.sitting.convocation,
    inOffice: state.titular.map((m) => view(m.memberId)),
    present,
    proxies: seatsBy('represented').map((s) => ({ giver: view(s.memberId), holder: view(s.holderId!) })),
    excused: seatsBy('excused').map((s) => view(s.memberId)),
    absent: seatsBy('absent').map((s) => view(s.memberId)),
    withdrawn: seatsBy('withdrawn').map((s) => view(s.memberId)),
    secretary: state.sitting.secretaryId ? view(state.sitting.secretaryId) : null,
    president: state.sitting.presidentId ? view(state.sitting.presidentId) : null,
    counts: totals,
    quorum: state.rule ? itemQuorum(counts, state.rule, state.sitting.convocation === 'second') : null,
    rule: state.rule ? { label: state.rule.label, legalBasis: state.rule.legalBasis } : null,
    vote: state.votes.get(item.id) ?? null,
  };
}
