import { addDays, daysBetween, francDays, type FrancDays } from './calendar.ts';

/** Kinds of deliberating body (GLOSSARY: Body with kind). */
export const BODY_KINDS = ['epciCouncil', 'bureau', 'municipalCouncil', 'commission'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  epciCouncil: 'Conseil métropolitain ou communautaire',
  bureau: 'Bureau',
  municipalCouncil: 'Conseil municipal',
  commission: 'Commission',
};

export interface Body {
  readonly id: string;
  readonly kind: BodyKind;
  readonly name: string;
  /** The commune of a municipal council; null otherwise. */
  readonly communeId: string | null;
  /** Statutory number of seats (arrêté préfectoral); the members in office may be fewer (vacancies). */
  readonly seats: number | null;
  readonly note: string | null;
}

export const CIVILITIES = ['M.', 'Mme'] as const;
export type Civility = (typeof CIVILITIES)[number];

/** An elected person (not a platform user). */
export interface Member {
  readonly id: string;
  readonly civility: Civility;
  readonly firstName: string;
  readonly lastName: string;
}

/** "M. Gilles ARTIGUES": civility, first name, last name in capitals, as registers print them. */
export function memberName(m: Pick<Member, 'civility' | 'firstName' | 'lastName'>): string {
  return `${m.civility} ${m.firstName} ${m.lastName.toLocaleUpperCase('fr-FR')}`;
}

/** "Gaël PERDRIAU": the signature line, without civility. */
export function signatureName(m: Pick<Member, 'firstName' | 'lastName'>): string {
  return `${m.firstName} ${m.lastName.toLocaleUpperCase('fr-FR')}`;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', ignorePunctuation: false });

/** The order of the register: rank (ordre du tableau) when known, then last name and first name, French collation. */
export function compareRegisterOrder(a: RegisterEntry, b: RegisterEntry): number {
  const ra = a.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.rank ?? Number.MAX_SAFE_INTEGER;
  return ra - rb || collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || (a.id < b.id ? -1 : 1);
}

export interface RegisterEntry extends Pick<Member, 'id' | 'firstName' | 'lastName'> {
  readonly rank?: number | null;
}

export const MANDATE_ROLES = ['president', 'vicePresident', 'delegatedCouncillor', 'councillor'] as const;
export type MandateRole = (typeof MANDATE_ROLES)[number];
export const MANDATE_ROLE_LABELS: Record<MandateRole, string> = {
  president: 'Président(e)',
  vicePresident: 'Vice-président(e)',
  delegatedCouncillor: 'Conseiller(ère) délégué(e)',
  councillor: 'Conseiller(ère)',
};

/** A titular seat, or the substitute (suppléant) of a single-seat commune (CGCT L5211-6). */
export const SEATS = ['titular', 'substitute'] as const;
export type Seat = (typeof SEATS)[number];
export const SEAT_LABELS: Record<Seat, string> = { titular: 'titulaire', substitute: 'suppléant(e)' };

export interface Mandate {
  readonly id: string;
  readonly memberId: string;
  readonly bodyId: string;
  readonly communeId: string | null;
  readonly role: MandateRole;
  readonly seat: Seat;
  readonly validFrom: string;
  readonly validTo: string | null;
  /** Rank in the ordre du tableau, when the register has one. */
  readonly rank: number | null;
}

export function mandateInForce(m: Pick<Mandate, 'validFrom' | 'validTo'>, on: string): boolean {
  return m.validFrom <= on && (m.validTo === null || on <= m.validTo);
}

/** How the quorum fraction compares: "more than half" (not half plus one), or "at least a third". */
export type QuorumComparison = 'moreThan' | 'atLeast';

/** The rules of a body's sittings for a period: effective-dated data, chosen by the sitting's date. */
export interface RuleSet {
  readonly id: string;
  readonly bodyId: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly label: string;
  readonly legalBasis: string;
  readonly quorumNumerator: number;
  readonly quorumDenominator: number;
  readonly quorumComparison: QuorumComparison;
  /** Whether members represented by a proxy count toward the quorum (spring 2020 only). */
  readonly proxiesCountTowardQuorum: boolean;
  readonly maxProxiesPerHolder: number;
  /** Convocation delay in jours francs (L2121-11: 3; L2121-12: 5 from 3,500 inhabitants and EPCIs including such a commune). */
  readonly convocationDays: number;
  /** Urgency: not less than one jour franc (L2121-12). */
  readonly urgencyMinDays: number;
  /** A second convocation at least this many days after the sitting without quorum (L2121-17). */
  readonly secondConvocationDays: number;
  /** A written proxy is valid for at most this many consecutive sittings, save certified illness (L2121-20). */
  readonly proxyMaxSittings: number;
  /** An explanatory note (note explicative de synthèse) goes with the convocation (L2121-12). */
  readonly explanatoryNoteRequired: boolean;
}

export type RuleSetInput = Omit<RuleSet, 'id' | 'bodyId'>;

const COMMON_LAW = {
  label: 'Droit commun',
  legalBasis: 'CGCT L2121-17 (quorum), L2121-20 (pouvoirs), applicables aux EPCI par L5211-1',
  quorumNumerator: 1,
  quorumDenominator: 2,
  quorumComparison: 'moreThan' as const,
  proxiesCountTowardQuorum: false,
  maxProxiesPerHolder: 1,
  urgencyMinDays: 1,
  secondConvocationDays: 3,
  proxyMaxSittings: 3,
};

const COVID = { ...COMMON_LAW, quorumNumerator: 1, quorumDenominator: 3, quorumComparison: 'atLeast' as const, maxProxiesPerHolder: 2 };

/**
 * The periods shipped as defaults (DOMAIN.md): common law, and the COVID derogations of loi 2020-290 art. 10
 * (with ordonnance 2020-391, under which represented members counted) then loi 2021-1465 art. 10.
 * The boundary between "present or represented" and "present only" in 2020 is the loi 2020-760 (22 June 2020).
 */
export function defaultRuleSets(convocationDays: number, explanatoryNoteRequired: boolean): RuleSetInput[] {
  const base = { convocationDays, explanatoryNoteRequired };
  return [
    { ...COMMON_LAW, ...base, validFrom: '1996-02-24', validTo: '2020-03-23' },
    { ...COVID, ...base, validFrom: '2020-03-24', validTo: '2020-04-01', label: 'État d’urgence sanitaire', legalBasis: 'Loi 2020-290 du 23 mars 2020, art. 10' },
    {
      ...COVID,
      ...base,
      validFrom: '2020-04-02',
      validTo: '2020-06-22',
      label: 'État d’urgence sanitaire (présents ou représentés)',
      legalBasis: 'Ordonnance 2020-391 du 1er avril 2020, art. 2',
      proxiesCountTowardQuorum: true,
    },
    { ...COVID, ...base, validFrom: '2020-06-23', validTo: '2021-09-30', label: 'Sortie de l’état d’urgence sanitaire', legalBasis: 'Loi 2020-290, art. 10, modifié par la loi 2020-760 du 22 juin 2020 et les lois suivantes' },
    { ...COMMON_LAW, ...base, validFrom: '2021-10-01', validTo: '2021-11-09' },
    { ...COVID, ...base, validFrom: '2021-11-10', validTo: '2022-07-31', label: 'Vigilance sanitaire', legalBasis: 'Loi 2021-1465 du 10 novembre 2021, art. 10' },
    { ...COMMON_LAW, ...base, validFrom: '2022-08-01', validTo: null },
  ];
}

/** The rule set in force on a date, or null when the body has none for it. */
export function ruleInForce<T extends Pick<RuleSet, 'validFrom' | 'validTo'>>(rules: readonly T[], on: string): T | null {
  return rules.find((r) => r.validFrom <= on && (r.validTo === null || on <= r.validTo)) ?? null;
}

/** Members needed for the quorum (L2121-17): "more than half" of 112 is 57, of 11 is 6; "at least a third" of 112 is 38. */
export function quorumRequired(inOffice: number, rule: Pick<RuleSet, 'quorumNumerator' | 'quorumDenominator' | 'quorumComparison'>): number {
  const scaled = inOffice * rule.quorumNumerator;
  if (rule.quorumComparison === 'moreThan') return Math.floor(scaled / rule.quorumDenominator) + 1;
  return Math.ceil(scaled / rule.quorumDenominator);
}

export interface Quorum {
  /** null on a second convocation: no quorum is needed. */
  readonly required: number | null;
  /** Members counted: present, plus represented when the rule says so. */
  readonly counted: number;
  readonly reached: boolean;
  /** "57 requis, 84 présents : atteint". */
  readonly text: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n < 2 ? one : many}`;
}

/** The quorum of one agenda item, with its reason printed (explainability). */
export function quorumOf(input: { inOffice: number; present: number; represented: number; rule: RuleSet; secondConvocation: boolean }): Quorum {
  const { inOffice, present, represented, rule } = input;
  if (input.secondConvocation) {
    return {
      required: null,
      counted: present,
      reached: true,
      text: `seconde convocation : délibération valable sans quorum (CGCT L2121-17), ${plural(present, 'présent', 'présents')}`,
    };
  }
  const required = quorumRequired(inOffice, rule);
  const counted = present + (rule.proxiesCountTowardQuorum ? represented : 0);
  const reached = counted >= required;
  const who = rule.proxiesCountTowardQuorum ? `${plural(present, 'présent', 'présents')} et ${plural(represented, 'représenté', 'représentés')}` : plural(present, 'présent', 'présents');
  return { required, counted, reached, text: `${required} requis, ${who} : ${reached ? 'atteint' : 'non atteint'}` };
}

/** What to do when an item has no quorum (shown on the live page). */
export function secondConvocationAdvice(rule: RuleSet): string {
  return (
    `Quorum non atteint : ce point ne peut pas être délibéré. Levez la séance et convoquez de nouveau l’assemblée ` +
    `à ${rule.secondConvocationDays} jours au moins d’intervalle (CGCT L2121-17) : en seconde convocation, elle délibère ` +
    `valablement sans condition de quorum sur les points reportés.`
  );
}

export interface ConvocationCheck {
  readonly francDays: FrancDays;
  readonly required: number;
  readonly ok: boolean;
  readonly text: string;
}

/** The convocation delay, checked in jours francs (L2121-11, L2121-12; urgency: at least one jour franc). */
export function checkConvocation(input: { convokedOn: string; sittingDate: string; urgency: boolean; rule: RuleSet }): ConvocationCheck {
  const days = francDays(input.convokedOn, input.sittingDate);
  const required = input.urgency ? input.rule.urgencyMinDays : input.rule.convocationDays;
  const ok = input.convokedOn < input.sittingDate && days.count >= required;
  const counted: string[] = [];
  if (days.weekendDays > 0) counted.push(plural(days.weekendDays, 'jour de week-end', 'jours de week-end'));
  if (days.holidays.length > 0) counted.push(`${plural(days.holidays.length, 'jour férié', 'jours fériés')} (${days.holidays.map((h) => h.name).join(', ')})`);
  const detail = counted.length > 0 ? `, dont ${counted.join(' et ')}, qui comptent` : '';
  const need = `${plural(required, 'jour franc requis', 'jours francs requis')}${input.urgency ? ' en urgence' : ''}`;
  return { francDays: days, required, ok, text: `${plural(days.count, 'jour franc', 'jours francs')}${detail} ; ${need} : ${ok ? 'délai respecté' : 'délai non respecté'}` };
}

/** A second convocation may sit only this many days after the first sitting (L2121-17). */
export function secondConvocationProblem(firstDate: string, secondDate: string, rule: RuleSet): string | null {
  if (daysBetween(firstDate, secondDate) >= rule.secondConvocationDays) return null;
  return `La seconde convocation doit réunir l’assemblée ${rule.secondConvocationDays} jours au moins après la première séance (le ${addDays(firstDate, rule.secondConvocationDays).split('-').reverse().join('/')} au plus tôt ; CGCT L2121-17).`;
}

export const ITEM_KINDS = ['vote', 'takesNote'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = { vote: 'Délibération soumise au vote', takesNote: 'Prend acte (sans vote)' };

/** How a vote is taken: show of hands (counted), public ballot with each name (nominal), or secret ballot. */
export const VOTE_MODES = ['show', 'nominal', 'secret'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];
export const VOTE_MODE_LABELS: Record<VoteMode, string> = { show: 'À main levée', nominal: 'Scrutin public (vote de chacun enregistré)', secret: 'Scrutin secret' };

export const VOTE_CHOICES = ['for', 'against', 'abstain', 'notVoting'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = { for: 'Pour', against: 'Contre', abstain: 'Abstention', notVoting: 'Ne prend pas part au vote' };

export type ItemResult = 'adopted' | 'rejected' | 'noted';
export const RESULT_LABELS: Record<ItemResult, string> = { adopted: 'Adopté', rejected: 'Rejeté', noted: 'Pris acte' };

export interface VoteCounts {
  readonly for: number;
  readonly against: number;
  readonly abstain: number;
  readonly notVoting: number;
}

export interface VoteOutcome {
  readonly result: 'adopted' | 'rejected';
  /** Suffrages exprimés: for + against (abstentions and non-participants are not votes cast). */
  readonly cast: number;
  readonly majority: number;
  readonly castingVoteUsed: boolean;
  readonly text: string;
}

/**
 * The result of a vote (L2121-20): absolute majority of votes cast; on a tie the president's vote decides,
 * except in a secret ballot (then the proposal is not adopted).
 */
export function voteOutcome(counts: VoteCounts, mode: VoteMode, presidentChoice: VoteChoice | null): VoteOutcome {
  const cast = counts.for + counts.against;
  const majority = Math.floor(cast / 2) + 1;
  const tally = `${counts.for} pour, ${counts.against} contre, ${plural(counts.abstain, 'abstention', 'abstentions')}${counts.notVoting ? `, ${counts.notVoting} ne prenant pas part au vote` : ''}`;
  if (cast > 0 && counts.for === counts.against) {
    if (mode !== 'secret' && (presidentChoice === 'for' || presidentChoice === 'against')) {
      const result = presidentChoice === 'for' ? 'adopted' : 'rejected';
      return { result, cast, majority, castingVoteUsed: true, text: `${RESULT_LABELS[result]} par la voix prépondérante du président (partage égal des voix : ${tally})` };
    }
    const why = mode === 'secret' ? 'au scrutin secret, la voix du président n’est pas prépondérante' : 'le président n’a voté ni pour ni contre';
    return { result: 'rejected', cast, majority, castingVoteUsed: false, text: `Rejeté : partage égal des voix (${tally}) ; ${why}` };
  }
  const result = counts.for >= majority ? 'adopted' : 'rejected';
  const unanimous = result === 'adopted' && counts.against === 0 && counts.abstain === 0 && counts.notVoting === 0;
  return {
    result,
    cast,
    majority,
    castingVoteUsed: false,
    text: unanimous ? `Adopté à l’unanimité (${counts.for} pour)` : `${RESULT_LABELS[result]} : ${tally} (majorité absolue des suffrages exprimés : ${cast > 0 ? majority : '—'})`,
  };
}

/** Checks a tally against the votes available on the item; returns the French problem naming the field, or null. */
export function voteCountsProblem(counts: Omit<VoteCounts, 'notVoting'> & { notVoting?: number | undefined }, votingPower: number): { field: string; message: string } | null {
  const labels = { for: 'pour', against: 'contre', abstain: 'abstentions', notVoting: 'ne prend pas part' } as const;
  for (const key of ['for', 'against', 'abstain', 'notVoting'] as const) {
    const v = counts[key];
    if (v === undefined && key === 'notVoting') continue;
    if (!Number.isSafeInteger(v) || (v as number) < 0) return { field: key, message: `Le champ « ${labels[key]} » doit être un nombre entier positif ou nul.` };
  }
  const total = counts.for + counts.against + counts.abstain + (counts.notVoting ?? 0);
  if (total > votingPower) {
    return { field: 'for', message: `${total} voix déclarées pour ${plural(votingPower, 'voix disponible', 'voix disponibles')} sur ce point (présents et pouvoirs) : corrigez le décompte.` };
  }
  if (counts.notVoting !== undefined && total !== votingPower) {
    return { field: 'notVoting', message: `Le décompte (${total}) doit égaler les ${votingPower} voix disponibles quand « ne prend pas part » est renseigné.` };
  }
  return null;
}

/** What a vote leaves as "not taking part": the voices available that were neither for, against nor abstaining. */
export function completeCounts(counts: Omit<VoteCounts, 'notVoting'> & { notVoting?: number | undefined }, votingPower: number): VoteCounts {
  return { for: counts.for, against: counts.against, abstain: counts.abstain, notVoting: counts.notVoting ?? votingPower - counts.for - counts.against - counts.abstain };
}

export const SITTING_STATUSES = ['planned', 'open', 'closed'] as const;
export type SittingStatus = (typeof SITTING_STATUSES)[number];
export const SITTING_STATUS_LABELS: Record<SittingStatus, string> = { planned: 'convoquée', open: 'en cours', closed: 'levée' };
export type Convocation = 'first' | 'second';

/** One sitting of a body (GLOSSARY: Sitting). */
export interface Sitting {
  readonly id: string;
  readonly bodyId: string;
  /** The legal date (Europe/Paris calendar). */
  readonly date: string;
  /** The instant it starts (UTC). */
  readonly startsAt: string;
  readonly place: string;
  readonly convokedOn: string;
  readonly urgency: boolean;
  readonly urgencyReason: string | null;
  readonly explanatoryNoteSent: boolean;
  readonly convocation: Convocation;
  readonly firstSittingId: string | null;
  readonly status: SittingStatus;
  readonly presidentId: string | null;
  readonly secretaryId: string | null;
}

export interface AgendaItem {
  readonly id: string;
  readonly sittingId: string;
  readonly position: number;
  readonly title: string;
  readonly kind: ItemKind;
  readonly rapporteurId: string | null;
  readonly report: string | null;
  readonly carriedFromItemId: string | null;
}

/** The decision taken on an item, with the attendance it was taken with. */
export interface VoteRecord {
  readonly itemId: string;
  readonly mode: VoteMode | null;
  readonly counts: VoteCounts;
  readonly presidentChoice: VoteChoice | null;
  readonly result: ItemResult;
  readonly resultText: string;
  readonly inOffice: number;
  readonly present: number;
  readonly represented: number;
  readonly quorumRequired: number | null;
  readonly quorumText: string;
}

/** The first item not decided yet: arrivals, departures and proxies take effect from it. */
export function currentPosition(items: readonly Pick<AgendaItem, 'id' | 'position'>[], decided: ReadonlySet<string>): number | null {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  if (sorted.length === 0) return 1;
  return sorted.find((i) => !decided.has(i.id))?.position ?? null;
}
