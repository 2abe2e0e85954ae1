// Use cases of the sitting itself: attendance, proxies, substitutes, withdrawals, votes; and what they give to read.
import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/format.ts';
import { arrivalProblem, departureProblem, isPresentAt, itemQuorum, proxyProblem, seatsAt, substitutionProblem, withdrawalProblem } from './attendance.ts';
import { checkConvocation, completeCounts, secondConvocationAdvice, VOTE_CHOICES, VOTE_MODES, voteCountsProblem, voteOutcome, type ConvocationCheck, type VoteChoice, type VoteMode, type VoteRecord } from './model.ts';
import { attendanceOf, loadSitting, memberView, type ItemAttendance, type SittingState } from './sitting-state.ts';
import * as store from './store.ts';

export type { ItemAttendance } from './sitting-state.ts';

async function stateOf(tx: Tx, ctx: TerritoryContext, sittingId: string): Promise<SittingState> {
  const state = await loadSitting(tx, ctx.territoryId, sittingId);
  if (!state) throw new NotFoundError("Cette séance n'existe pas dans le territoire.");
  return state;
}

/** Locks the sitting (its event counter), then loads it: the sitting's writers run one after the other. */
async function lockedState(tx: Tx, ctx: TerritoryContext, sittingId: string): Promise<{ state: SittingState; seq: number }> {
  const seq = await store.nextEventSeq(tx, ctx.territoryId, sittingId);
  if (seq === null) throw new NotFoundError("Cette séance n'existe pas dans le territoire.");
  return { state: await stateOf(tx, ctx, sittingId), seq };
}

function livePosition(state: SittingState): number {
  if (state.sitting.status === 'closed') throw new UserError('La séance est levée : la présence ne change plus.', 409);
  if (state.position === null) throw new UserError('Tous les points de l’ordre du jour sont délibérés : levez la séance.', 409);
  return state.position;
}

function memberOf(state: SittingState, memberId: string, field = 'memberId') {
  const m = state.members.get(memberId);
  if (!m) throw new UserError("Ce membre n'existe pas dans le territoire.", 404, field);
  return m;
}

export interface SittingOverview {
  readonly state: SittingState;
  readonly convocation: ConvocationCheck | null;
  /** The attendance of every item, in order. */
  readonly items: readonly ItemAttendance[];
  /** The attendance at the current item (or at item 1 before any), for the live page. */
  readonly live: ItemAttendance | null;
  /** What to do when the current item lacks its quorum. */
  readonly advice: string | null;
}

/** The sitting with its convocation check and each item's attendance, quorum and decision. */
export async function sittingOverview(db: Database, ctx: TerritoryContext, sittingId: string): Promise<SittingOverview> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const state = await stateOf(tx, ctx, sittingId);
    const items = state.items.map((i) => attendanceOf(state, i));
    const position = state.position ?? state.items.at(-1)?.position ?? 1;
    const live = items.find((i) => i.position === position) ?? (state.items.length === 0 ? attendanceOf(state, { id: '', sittingId, position: 1, title: '', kind: 'vote', rapporteurId: null, report: null, carriedFromItemId: null }) : null);
    const convocation = state.rule ? checkConvocation({ convokedOn: state.sitting.convokedOn, sittingDate: state.sitting.date, urgency: state.sitting.urgency, rule: state.rule }) : null;
    const advice = live && state.position !== null && live.quorum && !live.quorum.reached && state.rule ? secondConvocationAdvice(state.rule) : null;
    return { state, convocation, items, live, advice };
  });
}

/** The attendance of one agenda item: members in office, present, proxies, excused, secretary, president, quorum, vote. */
export async function itemAttendance(db: Database, ctx: TerritoryContext, agendaItemId: string): Promise<ItemAttendance> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const item = await store.findItem(tx, ctx.territoryId, agendaItemId);
    if (!item) throw new NotFoundError("Ce point de l'ordre du jour n'existe pas dans le territoire.");
    const state = await stateOf(tx, ctx, item.sittingId);
    return attendanceOf(state, item);
  });
}

/** Opens the sitting: the president presiding, and the secretary the assembly names among its present members (L2121-15). */
export async function openSitting(db: Database, ctx: TerritoryContext, sittingId: string, input: { presidentId: string; secretaryId: string }): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state } = await lockedState(tx, ctx, sittingId);
    if (state.sitting.status !== 'planned') throw new UserError(state.sitting.status === 'open' ? 'La séance est déjà ouverte.' : 'La séance est levée.', 409);
    const position = state.position ?? 1;
    for (const [field, id, label] of [['presidentId', input.presidentId, 'président de séance'], ['secretaryId', input.secretaryId, 'secrétaire de séance']] as const) {
      memberOf(state, id, field);
      if (!isPresentAt(state.facts, id, position)) throw new UserError(`Le ${label} doit être un membre présent : notez d’abord son arrivée.`, 400, field);
    }
    const after = { status: 'open' as const, presidentId: input.presidentId, secretaryId: input.secretaryId };
    await store.updateSitting(tx, ctx.territoryId, sittingId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'ouverture de séance', entity: 'assembly_sittings', entityId: sittingId, before: { status: state.sitting.status, presidentId: state.sitting.presidentId, secretaryId: state.sitting.secretaryId }, after }]);
  });
}

export async function closeSitting(db: Database, ctx: TerritoryContext, sittingId: string): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state } = await lockedState(tx, ctx, sittingId);
    if (state.sitting.status !== 'open') throw new UserError(state.sitting.status === 'closed' ? 'La séance est déjà levée.' : "La séance n'est pas ouverte.", 409);
    await store.updateSitting(tx, ctx.territoryId, sittingId, { status: 'closed' });
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'levée de séance', entity: 'assembly_sittings', entityId: sittingId, before: { status: 'open' }, after: { status: 'closed' } }]);
  });
}

/** Notes the apology of an absent member (the note is for the secretariat only). */
export async function recordExcuse(db: Database, ctx: TerritoryContext, sittingId: string, memberId: string, note?: string | null): Promise<void> {
  const clean = (note ?? '').trim() || null;
  if (clean && clean.length > 500) throw new UserError('Le champ « note » doit contenir au plus 500 caractères.', 400, 'note');
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state } = await lockedState(tx, ctx, sittingId);
    const position = livePosition(state);
    memberOf(state, memberId);
    if (!state.facts.inOffice.some((s) => s.memberId === memberId)) throw new UserError("Ce membre n'est pas en exercice dans cette assemblée à la date de la séance.", 400, 'memberId');
    if (state.facts.excused.has(memberId)) throw new UserError('Ce membre est déjà noté excusé.', 409, 'memberId');
    if (isPresentAt(state.facts, memberId, position)) throw new UserError('Ce membre est présent : il ne peut pas être noté excusé.', 409, 'memberId');
    const excuse = { id: newId(), memberId, note: clean };
    await store.insertExcuses(tx, ctx.territoryId, sittingId, [excuse]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'excuse', entity: 'assembly_excuses', entityId: excuse.id, before: null, after: { sittingId, ...excuse } }]);
  });
}

/** One click: a member arrives (from the current item on); a proxy they had given lapses. */
export async function recordMovement(db: Database, ctx: TerritoryContext, sittingId: string, memberId: string, kind: 'arrival' | 'departure'): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state, seq } = await lockedState(tx, ctx, sittingId);
    const position = livePosition(state);
    memberOf(state, memberId);
    const problem = kind === 'arrival' ? arrivalProblem(state.facts, memberId, position) : departureProblem(state.facts, memberId, position);
    if (problem) throw new UserError(problem, 409, 'memberId');
    const movement = { id: newId(), memberId, kind, fromPosition: position, seq };
    await store.insertMovements(tx, ctx.territoryId, sittingId, [movement]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: kind === 'arrival' ? 'arrivée' : 'départ', entity: 'assembly_movements', entityId: movement.id, before: null, after: { sittingId, ...movement } }]);
  });
}

export interface NewProxy {
  readonly giverId: string;
  readonly holderId: string;
  /** The date the written proxy bears. */
  readonly writtenOn: string;
  readonly illnessCertified?: boolean | undefined;
}

/** A written proxy from an absent (or leaving) member to a present one, from the current item on (L2121-20). */
export async function giveProxy(db: Database, ctx: TerritoryContext, sittingId: string, input: NewProxy): Promise<void> {
  if (!isCalendarDate(input.writtenOn ?? '')) throw new UserError('Le champ « date du pouvoir » doit être une date valide (AAAA-MM-JJ).', 400, 'writtenOn');
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state, seq } = await lockedState(tx, ctx, sittingId);
    const position = livePosition(state);
    memberOf(state, input.giverId, 'giverId');
    memberOf(state, input.holderId, 'holderId');
    if (!state.rule) throw new UserError("Aucune règle de fonctionnement n'est en vigueur à la date de la séance.", 409);
    if (input.writtenOn > state.sitting.date) throw new UserError('Le champ « date du pouvoir » ne peut pas suivre la date de la séance.', 400, 'writtenOn');
    const sittingsCovered = await store.countSittingsBetween(tx, ctx.territoryId, state.body.id, input.writtenOn, state.sitting.date);
    const illnessCertified = input.illnessCertified ?? false;
    const problem = proxyProblem(state.facts, { giverId: input.giverId, holderId: input.holderId, position, sittingsCovered, illnessCertified }, state.rule);
    if (problem) throw new UserError(problem.message, 409, problem.field);
    const proxy = { id: newId(), giverId: input.giverId, holderId: input.holderId, fromPosition: position, writtenOn: input.writtenOn, illnessCertified, revokedFromPosition: null, seq };
    await store.insertProxies(tx, ctx.territoryId, sittingId, [proxy]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'pouvoir', entity: 'assembly_proxies', entityId: proxy.id, before: null, after: { sittingId, ...proxy } }]);
  });
}

/** The substitute of a single-seat commune sits for its absent titular member, from the current item on (L5211-6). */
export async function seatSubstitute(db: Database, ctx: TerritoryContext, sittingId: string, input: { titularId: string; substituteId: string }): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state, seq } = await lockedState(tx, ctx, sittingId);
    const position = livePosition(state);
    memberOf(state, input.titularId, 'titularId');
    memberOf(state, input.substituteId, 'substituteId');
    const problem = substitutionProblem(state.facts, { ...input, position });
    if (problem) throw new UserError(problem.message, 409, problem.field);
    const changes: AuditChange[] = [];
    if (!isPresentAt(state.facts, input.substituteId, position)) {
      const arrival = { id: newId(), memberId: input.substituteId, kind: 'arrival' as const, fromPosition: position, seq };
      await store.insertMovements(tx, ctx.territoryId, sittingId, [arrival]);
      changes.push({ action: 'arrivée', entity: 'assembly_movements', entityId: arrival.id, before: null, after: { sittingId, ...arrival } });
    }
    const substitution = { id: newId(), ...input, fromPosition: position, seq: (await store.nextEventSeq(tx, ctx.territoryId, sittingId))! };
    await store.insertSubstitution(tx, ctx.territoryId, sittingId, substitution);
    changes.push({ action: 'suppléance', entity: 'assembly_substitutions', entityId: substitution.id, before: null, after: { sittingId, ...substitution } });
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
  });
}

/** A member does not take part in an item because of a personal interest: not counted present for it. */
export async function recordWithdrawal(db: Database, ctx: TerritoryContext, itemId: string, input: { memberId: string; reason?: string | null }): Promise<void> {
  const reason = (input.reason ?? '').trim() || null;
  if (reason && reason.length > 500) throw new UserError('Le champ « motif » doit contenir au plus 500 caractères.', 400, 'reason');
  await db.transaction(scopeOf(ctx), async (tx) => {
    const item = await store.findItem(tx, ctx.territoryId, itemId);
    if (!item) throw new NotFoundError("Ce point de l'ordre du jour n'existe pas dans le territoire.");
    const { state } = await lockedState(tx, ctx, item.sittingId);
    livePosition(state);
    if (state.votes.has(itemId)) throw new UserError('Ce point est déjà délibéré.', 409);
    memberOf(state, input.memberId);
    const problem = withdrawalProblem(state.facts, input.memberId, item.position);
    if (problem) throw new UserError(problem, 409, 'memberId');
    const withdrawal = { id: newId(), itemId, memberId: input.memberId, reason };
    await store.insertWithdrawal(tx, ctx.territoryId, withdrawal);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'retrait (intérêt personnel)', entity: 'assembly_withdrawals', entityId: withdrawal.id, before: null, after: withdrawal }]);
  });
}

export interface VoteInput {
  /** "prend acte": noted without a vote. */
  readonly noted?: boolean | undefined;
  readonly mode?: string | undefined;
  readonly for?: number | undefined;
  readonly against?: number | undefined;
  readonly abstain?: number | undefined;
  readonly notVoting?: number | undefined;
  /** The president's own vote, which decides a tie outside a secret ballot. */
  readonly presidentChoice?: string | null | undefined;
  /** A public ballot: each member's choice (present members and those represented). */
  readonly choices?: readonly { memberId: string; choice: string }[] | undefined;
}

/** Records the decision on the current item: refused without quorum, with more votes than available, or out of order. */
export async function recordVote(db: Database, ctx: TerritoryContext, itemId: string, input: VoteInput): Promise<VoteRecord> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const item = await store.findItem(tx, ctx.territoryId, itemId);
    if (!item) throw new NotFoundError("Ce point de l'ordre du jour n'existe pas dans le territoire.");
    const { state } = await lockedState(tx, ctx, item.sittingId);
    if (state.sitting.status !== 'open') throw new UserError(state.sitting.status === 'closed' ? 'La séance est levée.' : 'Ouvrez la séance (président et secrétaire de séance) avant de délibérer.', 409);
    if (state.votes.has(itemId)) throw new UserError('Ce point est déjà délibéré : une décision ne se modifie pas.', 409);
    if (state.position !== item.position) throw new UserError(`Les points se délibèrent dans l’ordre : le point en cours est le n° ${state.position}.`, 409);
    const counts = seatsAt(state.facts, item.position);
    const quorum = itemQuorum(counts, state.rule!, state.sitting.convocation === 'second');
    if (!quorum.reached) throw new UserError(`Quorum non atteint (${quorum.text}) : ce point ne peut pas être délibéré. ${secondConvocationAdvice(state.rule!)}`, 409);
    const frozen = { itemId, inOffice: counts.inOffice, present: counts.present, represented: counts.represented, quorumRequired: quorum.required, quorumText: quorum.text };
    let record: VoteRecord;
    const nominal: { id: string; memberId: string; choice: VoteChoice }[] = [];
    if (item.kind === 'takesNote') {
      if (!input.noted) throw new UserError('Ce point est un « prend acte » : il est noté sans vote.', 400, 'noted');
      record = { ...frozen, mode: null, counts: { for: 0, against: 0, abstain: 0, notVoting: 0 }, presidentChoice: null, result: 'noted', resultText: `L’assemblée prend acte (${quorum.text})` };
    } else {
      if (input.noted) throw new UserError('Ce point est soumis au vote : saisissez le décompte.', 400, 'noted');
      if (!(VOTE_MODES as readonly string[]).includes(input.mode ?? '')) throw new UserError(`Le champ « scrutin » doit valoir l'une des valeurs : ${VOTE_MODES.join(', ')}.`, 400, 'mode');
      const mode = input.mode as VoteMode;
      let presidentChoice = (input.presidentChoice ?? null) as VoteChoice | null;
      if (presidentChoice !== null && !(VOTE_CHOICES as readonly string[]).includes(presidentChoice)) throw new UserError('Le champ « vote du président » doit valoir for, against, abstain ou notVoting.', 400, 'presidentChoice');
      let tally: { for: number; against: number; abstain: number; notVoting?: number | undefined };
      if (mode === 'nominal') {
        // Each voice: a present seat votes for itself, a holder also for the member represented.
        const voters = new Set(counts.seats.filter((s) => s.presence === 'present' || s.presence === 'substituted' || s.presence === 'represented').map((s) => s.substituteId ?? s.memberId));
        const given = input.choices ?? [];
        const seen = new Set<string>();
        for (const c of given) {
          if (!voters.has(c.memberId)) throw new UserError("Un vote nominatif concerne un membre qui n'a pas de voix sur ce point.", 400, 'choices');
          if (seen.has(c.memberId)) throw new UserError('Un membre figure deux fois dans le vote nominatif.', 400, 'choices');
          if (!(VOTE_CHOICES as readonly string[]).includes(c.choice)) throw new UserError('Un choix du vote nominatif doit valoir for, against, abstain ou notVoting.', 400, 'choices');
          seen.add(c.memberId);
          nominal.push({ id: newId(), memberId: c.memberId, choice: c.choice as VoteChoice });
        }
        for (const id of voters) if (!seen.has(id)) nominal.push({ id: newId(), memberId: id, choice: 'notVoting' });
        const n = (choice: VoteChoice) => nominal.filter((v) => v.choice === choice).length;
        tally = { for: n('for'), against: n('against'), abstain: n('abstain'), notVoting: n('notVoting') };
        presidentChoice = nominal.find((v) => v.memberId === state.sitting.presidentId)?.choice ?? null;
      } else {
        tally = { for: input.for ?? -1, against: input.against ?? 0, abstain: input.abstain ?? 0, notVoting: input.notVoting };
      }
      const problem = voteCountsProblem(tally, counts.votingPower);
      if (problem) throw new UserError(problem.message, 400, problem.field);
      const complete = completeCounts(tally, counts.votingPower);
      const tie = complete.for === complete.against && complete.for > 0;
      if (tie && mode === 'show' && presidentChoice === null) throw new UserError('Partage égal des voix : indiquez le vote du président, dont la voix est prépondérante (CGCT L2121-20).', 400, 'presidentChoice');
      const outcome = voteOutcome(complete, mode, presidentChoice);
      record = { ...frozen, mode, counts: complete, presidentChoice, result: outcome.result, resultText: outcome.text };
    }
    const id = newId();
    await store.insertVote(tx, ctx.territoryId, id, record);
    await store.insertNominalVotes(tx, ctx.territoryId, itemId, nominal);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'décision', entity: 'assembly_votes', entityId: id, before: null, after: { ...record, nominal: nominal.length > 0 ? nominal : undefined } }]);
    return record;
  });
}

export interface RollCall {
  readonly present: readonly string[];
  readonly excused?: readonly string[] | undefined;
  readonly proxies?: readonly NewProxy[] | undefined;
}

/**
 * The roll call at the opening, in one go: members present, apologies, then written proxies, each checked as the
 * one-click events are (same rules, same order), all written or none.
 */
export async function recordRollCall(db: Database, ctx: TerritoryContext, sittingId: string, roll: RollCall): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { state, seq: first } = await lockedState(tx, ctx, sittingId);
    const position = livePosition(state);
    let seq = first;
    const facts = { ...state.facts, movements: [...state.facts.movements], proxies: [...state.facts.proxies], excused: new Set(state.facts.excused) };
    const movements = [];
    for (const memberId of roll.present) {
      memberOf(state, memberId);
      const problem = arrivalProblem(facts, memberId, position);
      if (problem) throw new UserError(`${memberView(state, memberId).name} : ${problem}`, 409, 'present');
      const m = { id: newId(), memberId, kind: 'arrival' as const, fromPosition: position, seq: seq++ };
      facts.movements.push(m);
      movements.push(m);
    }
    const excuses = [];
    for (const memberId of roll.excused ?? []) {
      memberOf(state, memberId);
      if (isPresentAt(facts, memberId, position) || facts.excused.has(memberId)) throw new UserError(`${memberView(state, memberId).name} est présent ou déjà excusé.`, 409, 'excused');
      facts.excused.add(memberId);
      excuses.push({ id: newId(), memberId, note: null });
    }
    const proxies = [];
    for (const p of roll.proxies ?? []) {
      if (!isCalendarDate(p.writtenOn ?? '') || p.writtenOn > state.sitting.date) throw new UserError('Le champ « date du pouvoir » doit être une date valide, au plus tard celle de la séance.', 400, 'writtenOn');
      const sittingsCovered = await store.countSittingsBetween(tx, ctx.territoryId, state.body.id, p.writtenOn, state.sitting.date);
      const illnessCertified = p.illnessCertified ?? false;
      const problem = proxyProblem(facts, { giverId: p.giverId, holderId: p.holderId, position, sittingsCovered, illnessCertified }, state.rule!);
      if (problem) throw new UserError(problem.message, 409, problem.field);
      const proxy = { id: newId(), giverId: p.giverId, holderId: p.holderId, fromPosition: position, writtenOn: p.writtenOn, illnessCertified, revokedFromPosition: null, seq: seq++ };
      facts.proxies.push(proxy);
      proxies.push(proxy);
    }
    // Keep the sitting's counter past the numbers used here.
    await store.setEventSeq(tx, ctx.territoryId, sittingId, Math.max(first, seq - 1));
    await store.insertMovements(tx, ctx.territoryId, sittingId, movements);
    await store.insertExcuses(tx, ctx.territoryId, sittingId, excuses);
    await store.insertProxies(tx, ctx.territoryId, sittingId, proxies);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      ...movements.map((m) => ({ action: 'arrivée', entity: 'assembly_movements', entityId: m.id, before: null, after: { sittingId, ...m } })),
      ...excuses.map((e) => ({ action: 'excuse', entity: 'assembly_excuses', entityId: e.id, before: null, after: { sittingId, ...e } })),
      ...proxies.map((p) => ({ action: 'pouvoir', entity: 'assembly_proxies', entityId: p.id, before: null, after: { sittingId, ...p } })),
    ]);
  });
}
