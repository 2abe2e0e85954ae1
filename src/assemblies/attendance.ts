// Pure attendance rules (part of the module's model): who is present, represented, excused or absent for
// each agenda item, derived from the sitting's events; and the checks on each new event.
import { quorumOf, ruleInForce, type Quorum, type RuleSet } from './model.ts';

/** An arrival or a departure, effective from the agenda item at `fromPosition` on. */
export interface Movement {
  readonly memberId: string;
  readonly kind: 'arrival' | 'departure';
  readonly fromPosition: number;
  /** Order of the sitting's events (one counter per sitting). */
  readonly seq: number;
}

export interface ProxyFact {
  readonly id: string;
  readonly giverId: string;
  readonly holderId: string;
  readonly fromPosition: number;
  readonly revokedFromPosition: number | null;
  readonly seq: number;
}

/** A substitute (suppléant) sitting for the absent titular member of a single-seat commune (L5211-6). */
export interface SubstitutionFact {
  readonly titularId: string;
  readonly substituteId: string;
  readonly fromPosition: number;
  readonly seq: number;
}

/** Everything that decides attendance in one sitting. */
export interface SittingFacts {
  /** Titular members in office on the sitting's date (the seats). */
  readonly inOffice: readonly { memberId: string; communeId: string | null }[];
  /** Substitute mandates in force on the sitting's date. */
  readonly substitutes: readonly { memberId: string; communeId: string | null }[];
  readonly excused: ReadonlySet<string>;
  readonly movements: readonly Movement[];
  readonly proxies: readonly ProxyFact[];
  readonly substitutions: readonly SubstitutionFact[];
  /** Members who withdrew for a personal interest, by item position. */
  readonly withdrawals: ReadonlyMap<number, ReadonlySet<string>>;
}

/** A member's state for one item. */
export type ItemPresence = 'present' | 'substituted' | 'represented' | 'withdrawn' | 'excused' | 'absent';

/** Physically present for the item: the last movement effective by then decides (nobody is present before arriving). */
export function isPresentAt(facts: SittingFacts, memberId: string, position: number): boolean {
  let present = false;
  for (const m of facts.movements) if (m.memberId === memberId && m.fromPosition <= position) present = m.kind === 'arrival';
  return present;
}

/** A proxy lapses when its giver arrives (after it was given) or when it is revoked. */
export function proxyInForce(facts: SittingFacts, proxy: ProxyFact, position: number): boolean {
  if (position < proxy.fromPosition) return false;
  if (proxy.revokedFromPosition !== null && position >= proxy.revokedFromPosition) return false;
  return !facts.movements.some((m) => m.memberId === proxy.giverId && m.kind === 'arrival' && m.seq > proxy.seq && m.fromPosition <= position);
}

/** The substitute filling a titular seat for the item, if any: sitting from then on, until the titular arrives. */
export function substituteAt(facts: SittingFacts, titularId: string, position: number): string | null {
  for (const s of facts.substitutions) {
    if (s.titularId !== titularId || position < s.fromPosition) continue;
    const titularCameBack = facts.movements.some((m) => m.memberId === titularId && m.kind === 'arrival' && m.seq > s.seq && m.fromPosition <= position);
    if (!titularCameBack && isPresentAt(facts, s.substituteId, position) && !isPresentAt(facts, titularId, position)) return s.substituteId;
  }
  return null;
}

export interface SeatState {
  readonly memberId: string;
  readonly presence: ItemPresence;
  /** The substitute who sits (presence 'substituted'). */
  readonly substituteId: string | null;
  /** The holder who votes for the member (presence 'represented'). */
  readonly holderId: string | null;
}

export interface ItemCounts {
  readonly inOffice: number;
  /** Seats present for the item: titular members present, or their substitute, not withdrawn. */
  readonly present: number;
  /** Seats represented by a proxy whose holder is present. */
  readonly represented: number;
  /** Nombre de voix: present + represented. */
  readonly votingPower: number;
  readonly seats: readonly SeatState[];
}

/** Each seat's state for the item at `position`, and the counts the quorum and the vote use. */
export function seatsAt(facts: SittingFacts, position: number): ItemCounts {
  const withdrawn = facts.withdrawals.get(position) ?? new Set<string>();
  const seats: SeatState[] = facts.inOffice.map(({ memberId }) => {
    const none = { memberId, substituteId: null, holderId: null };
    if (withdrawn.has(memberId)) return { ...none, presence: 'withdrawn' };
    if (isPresentAt(facts, memberId, position)) return { ...none, presence: 'present' };
    const substitute = substituteAt(facts, memberId, position);
    if (substitute && !withdrawn.has(substitute)) return { ...none, presence: 'substituted', substituteId: substitute };
    const proxy = facts.proxies.find((p) => p.giverId === memberId && proxyInForce(facts, p, position));
    if (proxy && isPresentAt(facts, proxy.holderId, position) && !withdrawn.has(proxy.holderId)) return { ...none, presence: 'represented', holderId: proxy.holderId };
    return { ...none, presence: facts.excused.has(memberId) ? 'excused' : 'absent' };
  });
  const present = seats.filter((s) => s.presence === 'present' || s.presence === 'substituted').length;
  const represented = seats.filter((s) => s.presence === 'represented').length;
  return { inOffice: seats.length, present, represented, votingPower: present + represented, seats };
}

/** The quorum of the item from its counts and the rule in force on the sitting's date. */
export function itemQuorum(counts: ItemCounts, rule: RuleSet, secondConvocation: boolean): Quorum {
  return quorumOf({ inOffice: counts.inOffice, present: counts.present, represented: counts.represented, rule, secondConvocation });
}

export function ruleFor(rules: readonly RuleSet[], date: string): RuleSet | null {
  return ruleInForce(rules, date);
}

const isTitular = (facts: SittingFacts, id: string) => facts.inOffice.some((s) => s.memberId === id);
const isSubstitute = (facts: SittingFacts, id: string) => facts.substitutes.some((s) => s.memberId === id);

/** Why an arrival cannot be recorded, or null. */
export function arrivalProblem(facts: SittingFacts, memberId: string, position: number): string | null {
  if (!isTitular(facts, memberId) && !isSubstitute(facts, memberId)) return "Ce membre n'est pas en exercice dans cette assemblée à la date de la séance.";
  if (isPresentAt(facts, memberId, position)) return 'Ce membre est déjà marqué présent.';
  return null;
}

/** Why a departure cannot be recorded, or null. */
export function departureProblem(facts: SittingFacts, memberId: string, position: number): string | null {
  if (!isPresentAt(facts, memberId, position)) return "Ce membre n'est pas présent : son départ ne peut pas être noté.";
  return null;
}

/**
 * Why a proxy cannot be given at `position`, or null (CGCT L2121-20): from an absent member to a present one,
 * the holder holding at most the rule's number of proxies, for at most N consecutive sittings.
 */
export function proxyProblem(
  facts: SittingFacts,
  input: { giverId: string; holderId: string; position: number; sittingsCovered: number; illnessCertified: boolean },
  rule: RuleSet,
): { field: string; message: string } | null {
  const { giverId, holderId, position } = input;
  if (!isTitular(facts, giverId)) return { field: 'giverId', message: "Le mandant n'est pas membre en exercice de l'assemblée à la date de la séance." };
  if (!isTitular(facts, holderId)) return { field: 'holderId', message: "Le mandataire n'est pas membre en exercice de l'assemblée à la date de la séance." };
  if (giverId === holderId) return { field: 'holderId', message: 'Un membre ne peut pas se donner pouvoir à lui-même.' };
  if (isPresentAt(facts, giverId, position)) return { field: 'giverId', message: 'Le mandant est présent : il ne peut pas donner pouvoir tant qu’il siège (notez d’abord son départ).' };
  if (substituteAt(facts, giverId, position)) return { field: 'giverId', message: 'Le suppléant du mandant siège à sa place : un pouvoir n’est pas possible.' };
  if (facts.proxies.some((p) => p.giverId === giverId && proxyInForce(facts, p, position))) return { field: 'giverId', message: 'Le mandant a déjà donné un pouvoir en cours pour cette séance.' };
  if (!isPresentAt(facts, holderId, position)) return { field: 'holderId', message: "Le mandataire n'est pas présent : un pouvoir ne peut être donné qu'à un membre présent." };
  const held = facts.proxies.filter((p) => p.holderId === holderId && proxyInForce(facts, p, position)).length;
  if (held >= rule.maxProxiesPerHolder) {
    return { field: 'holderId', message: `Le mandataire détient déjà ${held === 1 ? 'un pouvoir' : `${held} pouvoirs`} : ${rule.maxProxiesPerHolder === 1 ? 'un membre ne peut en détenir qu’un seul' : `${rule.maxProxiesPerHolder} au plus par membre`} (CGCT L2121-20${rule.maxProxiesPerHolder > 1 ? ', règle dérogatoire en vigueur' : ''}).` };
  }
  if (!input.illnessCertified && input.sittingsCovered > rule.proxyMaxSittings) {
    return { field: 'writtenOn', message: `Ce pouvoir écrit couvrirait ${input.sittingsCovered} séances consécutives : il n’est valable que pour ${rule.proxyMaxSittings} au plus, sauf maladie dûment constatée (CGCT L2121-20). Un nouveau pouvoir daté est nécessaire.` };
  }
  return null;
}

/** Why a substitute cannot sit for the titular member, or null (L5211-6: single-seat communes). */
export function substitutionProblem(facts: SittingFacts, input: { titularId: string; substituteId: string; position: number }): { field: string; message: string } | null {
  const seat = facts.inOffice.find((s) => s.memberId === input.titularId);
  if (!seat) return { field: 'titularId', message: "Le titulaire n'est pas membre en exercice de l'assemblée à la date de la séance." };
  const substitute = facts.substitutes.find((s) => s.memberId === input.substituteId);
  if (!substitute || substitute.communeId === null || substitute.communeId !== seat.communeId) {
    return { field: 'substituteId', message: "Ce membre n'est pas le suppléant de la commune du titulaire." };
  }
  if (facts.inOffice.filter((s) => s.communeId === seat.communeId).length !== 1) {
    return { field: 'titularId', message: 'Seule une commune qui n’a qu’un siège a un suppléant (CGCT L5211-6).' };
  }
  if (isPresentAt(facts, input.titularId, input.position)) return { field: 'titularId', message: 'Le titulaire est présent : son suppléant ne peut siéger à sa place.' };
  if (facts.proxies.some((p) => p.giverId === input.titularId && proxyInForce(facts, p, input.position))) {
    return { field: 'titularId', message: 'Le titulaire a donné un pouvoir : son suppléant ne peut siéger à sa place.' };
  }
  if (substituteAt(facts, input.titularId, input.position)) return { field: 'substituteId', message: 'Le suppléant siège déjà.' };
  return null;
}

/** Why a withdrawal for a personal interest cannot be recorded, or null. */
export function withdrawalProblem(facts: SittingFacts, memberId: string, position: number): string | null {
  if (!isTitular(facts, memberId) && !isSubstitute(facts, memberId)) return "Ce membre n'est pas en exercice dans cette assemblée à la date de la séance.";
  if (facts.withdrawals.get(position)?.has(memberId)) return 'Ce membre est déjà noté comme ne prenant pas part à ce point.';
  return null;
}
