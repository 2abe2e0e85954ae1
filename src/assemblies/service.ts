import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { ImportError, readTable } from '../platform/imports.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import { isTimeOfDay, parisInstant } from './calendar.ts';
import { validateMandateRows } from './mandate-import.ts';
import {
  BODY_KINDS,
  CIVILITIES,
  checkConvocation,
  compareRegisterOrder,
  mandateInForce,
  ITEM_KINDS,
  MANDATE_ROLES,
  ruleInForce,
  SEATS,
  secondConvocationProblem,
  defaultRuleSets,
  type AgendaItem,
  type Body,
  type BodyKind,
  type Civility,
  type ConvocationCheck,
  type ItemKind,
  type Mandate,
  type MandateRole,
  type Member,
  type RuleSet,
  type Seat,
  type Sitting,
} from './model.ts';
import { loadSitting, type SittingState } from './sitting-state.ts';
import { itemQuorum, seatsAt } from './attendance.ts';
import * as store from './store.ts';

export { ImportError };
export { itemAttendance, sittingOverview } from './live-service.ts';

const text = (value: string | null | undefined) => (value ?? '').trim();

function required(value: string | null | undefined, field: string, label: string, max = 200): string {
  const v = text(value);
  if (!v || v.length > max) throw new UserError(`Le champ « ${label} » doit contenir entre 1 et ${max} caractères.`, 400, field);
  return v;
}

function calendarDate(value: string | null | undefined, field: string, label: string): string {
  if (!value || !isCalendarDate(value)) throw new UserError(`Le champ « ${label} » doit être une date valide (AAAA-MM-JJ).`, 400, field);
  return value;
}

/** The communes of the territory, by id and by INSEE code (a body or a mandate names one). */
async function communes(db: Database, ctx: TerritoryContext) {
  const all = (await territory.listCollectivities(db, ctx)).filter((c) => c.kind === 'commune');
  return { byId: new Map(all.map((c) => [c.id, c])), byInsee: new Map(all.map((c) => [c.inseeCode!, c])) };
}

export interface NewBody {
  readonly kind: string;
  readonly name: string;
  readonly communeInsee?: string | null | undefined;
  readonly seats?: number | null | undefined;
  readonly note?: string | null | undefined;
}

/**
 * Creates a body with its default rule sets: 5 jours francs and an explanatory note for an EPCI that includes a
 * commune of 3,500 inhabitants or more, or such a commune's council; 3 otherwise (L2121-11, L2121-12).
 */
export async function createBody(db: Database, ctx: TerritoryContext, input: NewBody, on: string): Promise<Body> {
  if (!(BODY_KINDS as readonly string[]).includes(input.kind)) throw new UserError(`Le champ « nature » doit valoir l'une des valeurs : ${BODY_KINDS.join(', ')}.`, 400, 'kind');
  const kind = input.kind as BodyKind;
  const name = required(input.name, 'name', 'nom');
  if (input.seats != null && (!Number.isSafeInteger(input.seats) || input.seats < 1 || input.seats > 1000)) throw new UserError('Le champ « sièges » doit être un entier entre 1 et 1 000.', 400, 'seats');
  const listed = await territory.listCommunes(db, ctx, { on });
  let communeId: string | null = null;
  let large: boolean;
  if (kind === 'municipalCouncil') {
    const commune = listed.find((c) => c.inseeCode === text(input.communeInsee));
    if (!commune) throw new UserError('Le champ « commune » doit désigner une commune membre du territoire pour un conseil municipal.', 400, 'communeInsee');
    communeId = commune.id;
    large = (commune.population ?? 0) >= 3500;
  } else {
    large = listed.some((c) => (c.population ?? 0) >= 3500);
  }
  const note = text(input.note) || null;
  if (note && note.length > 2000) throw new UserError('Le champ « note » doit contenir au plus 2 000 caractères.', 400, 'note');
  const body: Body = { id: newId(), kind, name, communeId, seats: input.seats ?? null, note };
  const rules: RuleSet[] = defaultRuleSets(large ? 5 : 3, large).map((r) => ({ ...r, id: newId(), bodyId: body.id }));
  return db.transaction(scopeOf(ctx), async (tx) => {
    if ((await store.listBodies(tx, ctx.territoryId)).some((b) => b.name.toLowerCase() === name.toLowerCase())) throw new UserError(`Une assemblée s'appelle déjà « ${name} ».`, 409, 'name');
    await store.insertBody(tx, ctx.territoryId, body);
    await store.insertRuleSets(tx, ctx.territoryId, rules);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'assembly_bodies', entityId: body.id, before: null, after: body },
      ...rules.map((r) => ({ action: 'création', entity: 'assembly_rule_sets', entityId: r.id, before: null, after: r })),
    ]);
    return body;
  });
}

export function listBodies(db: Database, ctx: TerritoryContext): Promise<Body[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listBodies(tx, ctx.territoryId));
}

async function bodyOrNotFound(tx: Tx, ctx: TerritoryContext, bodyId: string): Promise<Body> {
  const body = await store.findBody(tx, ctx.territoryId, bodyId);
  if (!body) throw new NotFoundError("Cette assemblée n'existe pas dans le territoire.");
  return body;
}

export interface MandateView extends Mandate {
  readonly member: Member;
  readonly communeName: string | null;
}

export interface BodyDetail {
  readonly body: Body;
  readonly rules: RuleSet[];
  /** Mandates in force on the date, titular then substitutes, in the order of the register. */
  readonly mandates: MandateView[];
  readonly allMandates: number;
  /** The last day any mandate ran to (to show a past composition when none is in force). */
  readonly latestEnd: string | null;
}

export async function bodyDetail(db: Database, ctx: TerritoryContext, bodyId: string, on: string): Promise<BodyDetail> {
  const { byId } = await communes(db, ctx);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const body = await bodyOrNotFound(tx, ctx, bodyId);
    const members = new Map((await store.listMembers(tx, ctx.territoryId)).map((m) => [m.id, m]));
    const all = await store.listMandates(tx, ctx.territoryId, { bodyId });
    const mandates = all
      .filter((m) => mandateInForce(m, on))
      .map((m) => ({ ...m, member: members.get(m.memberId)!, communeName: m.communeId ? (byId.get(m.communeId)?.name ?? null) : null }))
      .sort((a, b) => (a.seat === b.seat ? compareRegisterOrder({ ...a.member, rank: a.rank }, { ...b.member, rank: b.rank }) : a.seat === 'titular' ? -1 : 1));
    const ends = all.map((m) => m.validTo).filter((d): d is string => d !== null).sort();
    return { body, rules: await store.listRuleSets(tx, ctx.territoryId, bodyId), mandates, allMandates: all.length, latestEnd: ends.at(-1) ?? null };
  });
}

export interface NewMember {
  readonly civility: string;
  readonly firstName: string;
  readonly lastName: string;
}

function checkMember(input: NewMember): Omit<Member, 'id'> {
  if (!(CIVILITIES as readonly string[]).includes(input.civility)) throw new UserError('Le champ « civilité » doit valoir « M. » ou « Mme ».', 400, 'civility');
  return { civility: input.civility as Civility, firstName: required(input.firstName, 'firstName', 'prénom', 100), lastName: required(input.lastName, 'lastName', 'nom', 100) };
}

export interface NewMandate extends NewMember {
  readonly communeInsee?: string | null | undefined;
  readonly role: string;
  readonly seat: string;
  readonly validFrom: string;
  readonly validTo?: string | null | undefined;
  readonly rank?: number | null | undefined;
}

/** Adds an elected member and their mandate in the body (the member is reused when the name matches). */
export async function addMandate(db: Database, ctx: TerritoryContext, bodyId: string, input: NewMandate): Promise<MandateView> {
  const person = checkMember(input);
  if (!(MANDATE_ROLES as readonly string[]).includes(input.role)) throw new UserError(`Le champ « fonction » doit valoir l'une des valeurs : ${MANDATE_ROLES.join(', ')}.`, 400, 'role');
  if (!(SEATS as readonly string[]).includes(input.seat)) throw new UserError('Le champ « siège » doit valoir titular ou substitute.', 400, 'seat');
  const validFrom = calendarDate(input.validFrom, 'validFrom', 'début');
  const validTo = input.validTo ? calendarDate(input.validTo, 'validTo', 'fin') : null;
  if (validTo && validTo < validFrom) throw new UserError('Le champ « fin » précède le début du mandat.', 400, 'validTo');
  const { byInsee } = await communes(db, ctx);
  const insee = text(input.communeInsee);
  const commune = insee ? byInsee.get(insee) : null;
  if (insee && !commune) throw new UserError(`Le champ « commune » : ${insee} n'est pas une commune membre du territoire.`, 400, 'communeInsee');
  if (input.seat === 'substitute' && !commune) throw new UserError('Le champ « commune » est obligatoire pour un suppléant.', 400, 'communeInsee');
  return db.transaction(scopeOf(ctx), async (tx) => {
    await bodyOrNotFound(tx, ctx, bodyId);
    const result = await writeMandates(tx, ctx, bodyId, [{ ...person, communeId: commune?.id ?? null, role: input.role as MandateRole, seat: input.seat as Seat, validFrom, validTo, rank: input.rank ?? null }]);
    const created = result.mandates[0]!;
    return { ...created, member: result.members.get(created.memberId)!, communeName: commune?.name ?? null };
  });
}

type MandateInput = Omit<Member, 'id'> & Omit<Mandate, 'id' | 'memberId' | 'bodyId'>;

/** Adds several mandates at once in one transaction (the demo's council, a whole renewal): all or nothing. */
export async function addMandates(db: Database, ctx: TerritoryContext, bodyId: string, inputs: readonly NewMandate[]): Promise<Mandate[]> {
  const { byInsee } = await communes(db, ctx);
  const checked: MandateInput[] = inputs.map((input) => {
    const person = checkMember(input);
    const commune = input.communeInsee ? byInsee.get(input.communeInsee) : null;
    if (input.communeInsee && !commune) throw new UserError(`Le champ « commune » : ${input.communeInsee} n'est pas une commune membre du territoire.`, 400, 'communeInsee');
    if (!(MANDATE_ROLES as readonly string[]).includes(input.role) || !(SEATS as readonly string[]).includes(input.seat)) throw new UserError('Le champ « fonction » ou « siège » est invalide.', 400, 'role');
    return { ...person, communeId: commune?.id ?? null, role: input.role as MandateRole, seat: input.seat as Seat, validFrom: calendarDate(input.validFrom, 'validFrom', 'début'), validTo: input.validTo ?? null, rank: input.rank ?? null };
  });
  return db.transaction(scopeOf(ctx), async (tx) => {
    await bodyOrNotFound(tx, ctx, bodyId);
    return (await writeMandates(tx, ctx, bodyId, checked)).mandates;
  });
}

const key = (m: Pick<Member, 'firstName' | 'lastName'>) => `${m.firstName.toLocaleLowerCase('fr')}|${m.lastName.toLocaleLowerCase('fr')}`;

/** Writes mandates, reusing members by name; refuses a second mandate of one person over the same period. */
async function writeMandates(tx: Tx, ctx: TerritoryContext, bodyId: string, inputs: readonly MandateInput[], line?: (i: number) => number) {
  const existing = await store.listMembers(tx, ctx.territoryId);
  const byName = new Map(existing.map((m) => [key(m), m]));
  const current = await store.listMandates(tx, ctx.territoryId, { bodyId });
  const newMembers: Member[] = [];
  const mandates: Mandate[] = [];
  const problems: { line: number; column: string; message: string }[] = [];
  inputs.forEach((input, i) => {
    let member = byName.get(key(input));
    if (!member) {
      member = { id: newId(), civility: input.civility, firstName: input.firstName, lastName: input.lastName };
      byName.set(key(member), member);
      newMembers.push(member);
    }
    const overlapping = current.find((m) => m.memberId === member.id && m.validFrom <= (input.validTo ?? '9999-12-31') && input.validFrom <= (m.validTo ?? '9999-12-31'));
    const message = `${input.firstName} ${input.lastName} a déjà un mandat dans cette assemblée sur cette période (depuis le ${overlapping?.validFrom.split('-').reverse().join('/')}).`;
    if (overlapping) {
      if (!line) throw new UserError(message, 409, 'lastName');
      problems.push({ line: line(i), column: 'nom', message });
    }
    mandates.push({ id: newId(), memberId: member.id, bodyId, communeId: input.communeId, role: input.role, seat: input.seat, validFrom: input.validFrom, validTo: input.validTo, rank: input.rank });
  });
  if (problems.length > 0) throw new ImportError(problems);
  await store.insertMembers(tx, ctx.territoryId, newMembers);
  await store.insertMandates(tx, ctx.territoryId, mandates);
  await recordAudit(tx, ctx.territoryId, ctx.actor, [
    ...newMembers.map((m) => ({ action: 'création', entity: 'assembly_members', entityId: m.id, before: null, after: m })),
    ...mandates.map((m) => ({ action: 'création', entity: 'assembly_mandates', entityId: m.id, before: null, after: m })),
  ]);
  return { members: new Map([...byName.values()].map((m) => [m.id, m])), mandates };
}

/** Imports members and mandates of a body from CSV or XLSX: every problem located, nothing written unless all is right. */
export async function importMandates(db: Database, ctx: TerritoryContext, bodyId: string, bytes: Uint8Array): Promise<{ members: number; mandates: number }> {
  const table = await readTable(bytes);
  const { byInsee } = await communes(db, ctx);
  const { rows, problems } = validateMandateRows(table.records, table.columns, new Set(byInsee.keys()));
  if (problems.length > 0) throw new ImportError(problems);
  return db.transaction(scopeOf(ctx), async (tx) => {
    await bodyOrNotFound(tx, ctx, bodyId);
    const before = (await store.listMembers(tx, ctx.territoryId)).length;
    const inputs = rows.map((r) => ({ civility: r.civility, firstName: r.firstName, lastName: r.lastName, communeId: r.communeInsee ? byInsee.get(r.communeInsee)!.id : null, role: r.role, seat: r.seat, validFrom: r.validFrom, validTo: r.validTo, rank: r.rank }));
    const result = await writeMandates(tx, ctx, bodyId, inputs, (i) => rows[i]!.line);
    return { members: result.members.size - before, mandates: result.mandates.length };
  });
}

export interface NewSitting {
  readonly bodyId: string;
  readonly date: string;
  readonly time: string;
  readonly place: string;
  readonly convokedOn: string;
  readonly urgency?: boolean | undefined;
  readonly urgencyReason?: string | null | undefined;
  readonly explanatoryNoteSent?: boolean | undefined;
}

function checkSitting(input: Omit<NewSitting, 'bodyId'>, rule: RuleSet | null): { convocation: ConvocationCheck; values: Omit<Sitting, 'id' | 'bodyId' | 'convocation' | 'firstSittingId' | 'status' | 'presidentId' | 'secretaryId'> } {
  const date = calendarDate(input.date, 'date', 'date');
  if (!isTimeOfDay(input.time ?? '')) throw new UserError('Le champ « heure » doit être une heure valide (HH:MM).', 400, 'time');
  const place = required(input.place, 'place', 'lieu');
  const convokedOn = calendarDate(input.convokedOn, 'convokedOn', 'date de convocation');
  const urgency = input.urgency ?? false;
  const urgencyReason = text(input.urgencyReason) || null;
  if (urgency && (!urgencyReason || urgencyReason.length > 2000)) throw new UserError("Le champ « motif de l'urgence » est obligatoire en cas d'urgence (CGCT L2121-12), 2 000 caractères au plus.", 400, 'urgencyReason');
  if (!rule) throw new UserError("Aucune règle de fonctionnement de l'assemblée n'est en vigueur à cette date.", 400, 'date');
  const convocation = checkConvocation({ convokedOn, sittingDate: date, urgency, rule });
  if (!convocation.ok) throw new UserError(`Convocation trop tardive : ${convocation.text}. Reportez la séance${urgency ? '' : ' ou, si l’urgence le justifie, motivez-la'}.`, 400, 'convokedOn');
  const explanatoryNoteSent = input.explanatoryNoteSent ?? true;
  if (rule.explanatoryNoteRequired && !explanatoryNoteSent) throw new UserError('Une note explicative de synthèse doit accompagner la convocation de cette assemblée (CGCT L2121-12).', 400, 'explanatoryNoteSent');
  return { convocation, values: { date, startsAt: parisInstant(date, input.time), place, convokedOn, urgency, urgencyReason: urgency ? urgencyReason : null, explanatoryNoteSent } };
}

/** Convenes a sitting: its convocation delay is checked in jours francs against the rule in force on its date. */
export async function createSitting(db: Database, ctx: TerritoryContext, input: NewSitting): Promise<Sitting> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const body = await bodyOrNotFound(tx, ctx, input.bodyId);
    const rules = await store.listRuleSets(tx, ctx.territoryId, body.id);
    const { values } = checkSitting(input, isCalendarDate(input.date ?? '') ? ruleInForce(rules, input.date) : null);
    const sitting: Sitting = { id: newId(), bodyId: body.id, ...values, convocation: 'first', firstSittingId: null, status: 'planned', presidentId: null, secretaryId: null };
    await insertSittingOnce(tx, ctx, sitting);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'assembly_sittings', entityId: sitting.id, before: null, after: sitting }]);
    return sitting;
  });
}

async function insertSittingOnce(tx: Tx, ctx: TerritoryContext, sitting: Sitting): Promise<void> {
  const same = await store.listSittings(tx, ctx.territoryId, { bodyId: sitting.bodyId, from: sitting.date, to: sitting.date });
  if (same.some((s) => s.startsAt === sitting.startsAt)) throw new UserError('Cette assemblée a déjà une séance à cette date et à cette heure.', 409, 'time');
  await store.insertSitting(tx, ctx.territoryId, sitting);
}

/**
 * Convenes the second sitting after one without quorum (L2121-17): at least the rule's days later, on the items
 * not decided, which it deliberates without quorum. The first sitting is closed.
 */
export async function convokeSecondSitting(db: Database, ctx: TerritoryContext, firstSittingId: string, input: Omit<NewSitting, 'bodyId'>): Promise<Sitting> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const first = await stateOrNotFound(tx, ctx, firstSittingId);
    if (first.sitting.convocation === 'second') throw new UserError('Cette séance est déjà une seconde convocation : elle délibère sans quorum.', 409);
    const pending = first.items.filter((i) => !first.votes.has(i.id));
    if (pending.length === 0) throw new UserError('Tous les points de cette séance ont été délibérés : rien à reporter.', 409);
    const counts = seatsAt(first.facts, pending[0]!.position);
    if (first.rule && itemQuorum(counts, first.rule, false).reached) {
      throw new UserError("Le quorum est atteint à la première séance : la seconde convocation, sans quorum, n'est ouverte que lorsqu'il fait défaut (CGCT L2121-17).", 409);
    }
    const rule = isCalendarDate(input.date ?? '') ? ruleInForce(first.rules, input.date) : null;
    const { values } = checkSitting(input, rule);
    const problem = secondConvocationProblem(first.sitting.date, values.date, rule!);
    if (problem) throw new UserError(problem, 400, 'date');
    const sitting: Sitting = { id: newId(), bodyId: first.body.id, ...values, convocation: 'second', firstSittingId, status: 'planned', presidentId: null, secretaryId: null };
    await insertSittingOnce(tx, ctx, sitting);
    const items: AgendaItem[] = pending.map((i, n) => ({ ...i, id: newId(), sittingId: sitting.id, position: n + 1, carriedFromItemId: i.id }));
    await store.insertItems(tx, ctx.territoryId, items);
    const changes: AuditChange[] = [{ action: 'création', entity: 'assembly_sittings', entityId: sitting.id, before: null, after: sitting }, ...items.map((i) => ({ action: 'création', entity: 'assembly_agenda_items', entityId: i.id, before: null, after: i }))];
    if (first.sitting.status !== 'closed') {
      await store.updateSitting(tx, ctx.territoryId, firstSittingId, { status: 'closed' });
      changes.push({ action: 'levée de séance', entity: 'assembly_sittings', entityId: firstSittingId, before: { status: first.sitting.status }, after: { status: 'closed' } });
    }
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return sitting;
  });
}

export async function stateOrNotFound(tx: Tx, ctx: TerritoryContext, sittingId: string): Promise<SittingState> {
  const state = await loadSitting(tx, ctx.territoryId, sittingId);
  if (!state) throw new NotFoundError("Cette séance n'existe pas dans le territoire.");
  return state;
}

export interface NewItem {
  readonly title: string;
  readonly kind: string;
  readonly rapporteurId?: string | null | undefined;
  readonly report?: string | null | undefined;
}

/** Adds an item at the end of the agenda (not on a second convocation: only carried-over items sit without quorum). */
export async function addAgendaItem(db: Database, ctx: TerritoryContext, sittingId: string, input: NewItem): Promise<AgendaItem> {
  const title = required(input.title, 'title', 'titre', 500);
  if (!(ITEM_KINDS as readonly string[]).includes(input.kind)) throw new UserError('Le champ « nature » doit valoir vote ou takesNote.', 400, 'kind');
  const report = text(input.report) || null;
  if (report && report.length > 20_000) throw new UserError('Le champ « rapport » doit contenir au plus 20 000 caractères.', 400, 'report');
  return db.transaction(scopeOf(ctx), async (tx) => {
    await store.nextEventSeq(tx, ctx.territoryId, sittingId);
    const state = await stateOrNotFound(tx, ctx, sittingId);
    if (state.sitting.status === 'closed') throw new UserError('La séance est levée : son ordre du jour ne change plus.', 409);
    if (state.sitting.convocation === 'second') throw new UserError('Une séance de seconde convocation ne délibère que sur les points reportés de la première (CGCT L2121-17).', 409, 'title');
    const rapporteurId = text(input.rapporteurId) || null;
    if (rapporteurId && !state.titular.some((m) => m.memberId === rapporteurId)) throw new UserError("Le champ « rapporteur » doit désigner un membre en exercice de l'assemblée.", 400, 'rapporteurId');
    const item: AgendaItem = { id: newId(), sittingId, position: (state.items.at(-1)?.position ?? 0) + 1, title, kind: input.kind as ItemKind, rapporteurId, report, carriedFromItemId: null };
    await store.insertItems(tx, ctx.territoryId, [item]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'assembly_agenda_items', entityId: item.id, before: null, after: item }]);
    return item;
  });
}

export interface SittingListEntry extends Sitting {
  readonly bodyName: string;
  readonly itemCount: number;
}

export async function listSittings(db: Database, ctx: TerritoryContext, filter: { from?: string; to?: string; bodyId?: string | undefined } = {}): Promise<SittingListEntry[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const bodies = new Map((await store.listBodies(tx, ctx.territoryId)).map((b) => [b.id, b]));
    const sittings = await store.listSittings(tx, ctx.territoryId, filter);
    const items = await store.listItems(tx, ctx.territoryId, sittings.map((s) => s.id));
    return sittings.map((s) => ({ ...s, bodyName: bodies.get(s.bodyId)?.name ?? '', itemCount: items.filter((i) => i.sittingId === s.id).length }));
  });
}

export { checkConvocation };
