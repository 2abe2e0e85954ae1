import type { Database } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import {
  anonymisationDate,
  DEFAULT_RETENTION_MONTHS,
  personKey,
  retentionProblem,
  THEMES,
  type Attendance,
  type Meeting,
  type Offer,
  type Referent,
  type Theme,
  type Trainee,
  type TrainingSession,
} from './model.ts';
import { loadOffer, refuse } from './service.ts';
import * as store from './store.ts';

// Networks and their referents, meetings and events, training sessions and trainees, the trainees' retention.

const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ReferentInput {
  readonly name: string;
  readonly position?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
}

function referentProblem(input: ReferentInput) {
  if (input.name.trim().length < 2 || input.name.length > 120) return { field: 'name', message: 'Le champ « nom du référent » est obligatoire (120 caractères au plus).' };
  if (input.email && !EMAIL.test(input.email.trim())) return { field: 'email', message: 'Le champ « courriel » doit être une adresse électronique valide.' };
  if (input.phone && !/^[+\d][\d .-]{5,24}$/.test(input.phone.trim())) return { field: 'phone', message: 'Le champ « téléphone » doit être un numéro de téléphone (chiffres, espaces, points).' };
  return null;
}

/** Names (or replaces) a commune's referent for a theme. */
export async function setReferent(db: Database, ctx: TerritoryContext, collectivityId: string, theme: string, input: ReferentInput): Promise<Referent> {
  if (!(THEMES as readonly string[]).includes(theme)) throw new UserError('Le champ « thème » a une valeur inconnue.', 400, 'theme');
  refuse(referentProblem(input));
  const ids = await territory.communeIds(db, ctx);
  if (!ids.has(collectivityId)) throw new NotFoundError("Cette commune n'appartient pas au territoire.");
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findReferent(tx, ctx.territoryId, collectivityId, theme as Theme);
    const after: Referent = { id: before?.id ?? newId(), collectivityId, theme: theme as Theme, name: input.name.trim(), position: clean(input.position), email: clean(input.email), phone: clean(input.phone) };
    if (before) await store.updateReferent(tx, ctx.territoryId, after);
    else await store.insertReferents(tx, [{ territoryId: ctx.territoryId, ...after }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: before ? 'modification' : 'création', entity: 'catalogue_referents', entityId: after.id, before, after }]);
    return after;
  });
}

export interface NetworkView {
  readonly offer: Offer;
  readonly members: readonly (Referent & { communeName: string })[];
  readonly meetings: readonly (Meeting & { attendance: readonly (Attendance & { name: string })[]; total: number })[];
}

/** The networks (offers of kind network, and event offers) with their referents and meetings, newest meeting first. */
export async function listNetworks(db: Database, ctx: TerritoryContext): Promise<NetworkView[]> {
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offers = (await store.listOffers(tx, ctx.territoryId)).filter((o) => o.kind === 'network' || o.kind === 'event');
    const referents = await store.listReferents(tx, ctx.territoryId);
    const meetings = await store.listMeetings(tx, ctx.territoryId);
    const attendances = await store.listAttendances(tx, ctx.territoryId);
    return offers.map((offer) => ({
      offer,
      members: referents
        .filter((r) => offer.theme !== null && r.theme === offer.theme)
        .map((r) => ({ ...r, communeName: names.get(r.collectivityId) ?? '—' }))
        .sort((a, b) => a.communeName.localeCompare(b.communeName, 'fr')),
      meetings: meetings
        .filter((m) => m.offerId === offer.id)
        .reverse()
        .map((m) => {
          const attendance = attendances.filter((a) => a.meetingId === m.id).map((a) => ({ ...a, name: names.get(a.collectivityId) ?? '—' }));
          return { ...m, attendance, total: attendance.reduce((n, a) => n + a.attendees, 0) + m.outsideAttendees };
        }),
    }));
  });
}

export interface MeetingInput {
  readonly heldOn: string;
  readonly topic: string;
  readonly place?: string | null;
  readonly outsideAttendees?: number;
  readonly attendance: readonly { readonly collectivityId: string; readonly attendees: number }[];
}

/** Records a network meeting or an event of an offer, with attendance by collectivity. */
export async function recordMeeting(db: Database, ctx: TerritoryContext, offerId: string, input: MeetingInput): Promise<Meeting> {
  if (!isCalendarDate(input.heldOn)) throw new UserError('Le champ « date » doit être une date (AAAA-MM-JJ).', 400, 'heldOn');
  if (input.topic.trim().length < 3 || input.topic.length > 300) throw new UserError('Le champ « thème abordé » est obligatoire (300 caractères au plus).', 400, 'topic');
  const outside = input.outsideAttendees ?? 0;
  if (!Number.isInteger(outside) || outside < 0) throw new UserError('Le champ « participants extérieurs » doit être un entier positif ou nul.', 400, 'outsideAttendees');
  const known = new Set((await territory.listCollectivities(db, ctx)).map((c) => c.id));
  const seen = new Set<string>();
  for (const a of input.attendance) {
    if (!known.has(a.collectivityId)) throw new UserError("Une collectivité présente n'appartient pas au territoire.", 400, 'attendance');
    if (seen.has(a.collectivityId)) throw new UserError('Une collectivité figure deux fois dans les présences.', 400, 'attendance');
    if (!Number.isInteger(a.attendees) || a.attendees < 1) throw new UserError('Le nombre de participants de chaque collectivité doit être un entier positif.', 400, 'attendance');
    seen.add(a.collectivityId);
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offer = await loadOffer(tx, ctx, offerId);
    if (offer.kind !== 'network' && offer.kind !== 'event') throw new UserError('Seuls les réseaux et les événements tiennent des réunions.', 409, 'offerId');
    const meeting: Meeting = { id: newId(), offerId, heldOn: input.heldOn, topic: input.topic.trim(), place: clean(input.place), outsideAttendees: outside };
    const rows: Attendance[] = input.attendance.map((a) => ({ id: newId(), meetingId: meeting.id, collectivityId: a.collectivityId, attendees: a.attendees }));
    await store.insertMeetings(tx, [{ territoryId: ctx.territoryId, ...meeting }]);
    await store.insertAttendances(tx, rows.map((r) => ({ territoryId: ctx.territoryId, ...r })));
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'catalogue_meetings', entityId: meeting.id, before: null, after: meeting },
      ...rows.map((r) => ({ action: 'création', entity: 'catalogue_attendances', entityId: r.id, before: null, after: r })),
    ]);
    return meeting;
  });
}

export interface SessionInput {
  readonly offerId: string;
  readonly reference: string;
  readonly topic: string;
  readonly heldOn: string;
  readonly place?: string | null;
  readonly trainer?: string | null;
}

function sessionProblem(input: SessionInput) {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(input.reference)) return { field: 'reference', message: 'Le champ « référence » : 1 à 40 lettres, chiffres, points, tirets (ex. SIG-2019-03).' };
  if (input.topic.trim().length < 3 || input.topic.length > 300) return { field: 'topic', message: 'Le champ « thème de la formation » est obligatoire (300 caractères au plus).' };
  if (!isCalendarDate(input.heldOn)) return { field: 'heldOn', message: 'Le champ « date » doit être une date (AAAA-MM-JJ).' };
  return null;
}

/** Adds a training session to an offer. */
export async function createSession(db: Database, ctx: TerritoryContext, input: SessionInput): Promise<TrainingSession> {
  refuse(sessionProblem(input));
  return db.transaction(scopeOf(ctx), async (tx) => {
    await loadOffer(tx, ctx, input.offerId);
    if (await store.findSessionByReference(tx, ctx.territoryId, input.reference)) throw new UserError(`La référence ${input.reference} est déjà celle d'une autre session.`, 409, 'reference');
    const session: TrainingSession = { id: newId(), offerId: input.offerId, reference: input.reference, topic: input.topic.trim(), heldOn: input.heldOn, place: clean(input.place), trainer: clean(input.trainer) };
    await store.insertSessions(tx, [{ territoryId: ctx.territoryId, ...session }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'catalogue_trainings', entityId: session.id, before: null, after: session }]);
    return session;
  });
}

export interface TraineeInput {
  readonly name: string;
  readonly role?: string | null;
  /** A collectivity of the territory, or else the name of the outside body. */
  readonly collectivityId?: string | null;
  readonly outsideBody?: string | null;
}

export function traineeProblem(input: TraineeInput) {
  if (input.name.trim().length < 2 || input.name.length > 120) return { field: 'name', message: 'Le champ « nom de la personne » est obligatoire (120 caractères au plus).' };
  if (!input.collectivityId && !clean(input.outsideBody)) return { field: 'collectivityId', message: 'Choisissez la collectivité de la personne, ou nommez son organisme extérieur au territoire.' };
  if (input.collectivityId && clean(input.outsideBody)) return { field: 'outsideBody', message: 'Une personne vient soit d’une collectivité du territoire, soit d’un organisme extérieur, pas des deux.' };
  return null;
}

/** Rows for trainees of sessions: the same person (name and body) keeps one reference, so that she counts once. */
export function traineeRows(existing: readonly Trainee[], names: ReadonlyMap<string, string>, sessionId: string, inputs: readonly TraineeInput[]): Trainee[] {
  const refs = new Map(existing.filter((t) => t.name !== null).map((t) => [personKey(t.name!, t.collectivityId ? (names.get(t.collectivityId) ?? t.collectivityId) : t.outsideBody!), t.personRef]));
  return inputs.map((input) => {
    const body = input.collectivityId ? (names.get(input.collectivityId) ?? input.collectivityId) : input.outsideBody!.trim();
    const key = personKey(input.name, body);
    const personRef = refs.get(key) ?? newId();
    refs.set(key, personRef);
    return { id: newId(), sessionId, personRef, name: input.name.trim(), role: clean(input.role), collectivityId: input.collectivityId ?? null, outsideBody: input.collectivityId ? null : input.outsideBody!.trim(), anonymisedOn: null };
  });
}

/** A trainee as the audit log keeps it: without name or role, which are erased after the retention period (RGPD art. 17). */
export function journalled(t: Trainee): Record<string, unknown> {
  return { ...t, name: null, role: null, personalData: 'non journalisées (effacées après la durée de conservation)' };
}

/** Adds trainees to a session (the same person twice in a session is refused). */
export async function addTrainees(db: Database, ctx: TerritoryContext, sessionId: string, inputs: readonly TraineeInput[]): Promise<Trainee[]> {
  for (const input of inputs) refuse(traineeProblem(input));
  const register = await territory.listCollectivities(db, ctx);
  const names = new Map(register.map((c) => [c.id, c.name]));
  if (inputs.some((i) => i.collectivityId && !names.has(i.collectivityId))) throw new UserError("La collectivité choisie n'appartient pas au territoire.", 400, 'collectivityId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const session = await store.findSession(tx, ctx.territoryId, sessionId);
    if (!session) throw new NotFoundError("Cette session de formation n'existe pas dans le territoire.");
    const existing = await store.listTrainees(tx, ctx.territoryId);
    const rows = traineeRows(existing, names, sessionId, inputs);
    const inSession = new Set(existing.filter((t) => t.sessionId === sessionId).map((t) => t.personRef));
    for (const r of rows) {
      if (inSession.has(r.personRef)) throw new UserError(`${r.name} est déjà inscrite à cette session.`, 409, 'name');
      inSession.add(r.personRef);
    }
    await store.insertTrainees(tx, rows.map((r) => ({ territoryId: ctx.territoryId, ...r })));
    await recordAudit(
      tx,
      ctx.territoryId,
      ctx.actor,
      rows.map((r) => ({ action: 'création', entity: 'catalogue_trainees', entityId: r.id, before: null, after: journalled(r) })),
    );
    return rows;
  });
}

export interface SessionView {
  readonly session: TrainingSession;
  readonly offerTitle: string;
  readonly trainees: readonly (Trainee & { body: string })[];
  /** The day its trainees' personal data is (or was) anonymised. */
  readonly anonymisedFrom: string;
}

/** The training sessions, newest first, with their trainees (personal data: for the pooling team). */
export async function listTrainings(db: Database, ctx: TerritoryContext): Promise<{ sessions: SessionView[]; retentionMonths: number }> {
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const months = (await store.findSettings(tx, ctx.territoryId))?.traineeRetentionMonths ?? DEFAULT_RETENTION_MONTHS;
    const offers = new Map((await store.listOffers(tx, ctx.territoryId)).map((o) => [o.id, o.title]));
    const trainees = await store.listTrainees(tx, ctx.territoryId);
    const sessions = (await store.listSessions(tx, ctx.territoryId)).reverse().map((session) => ({
      session,
      offerTitle: offers.get(session.offerId) ?? '—',
      trainees: trainees.filter((t) => t.sessionId === session.id).map((t) => ({ ...t, body: t.collectivityId ? (names.get(t.collectivityId) ?? '—') : t.outsideBody! })),
      anonymisedFrom: anonymisationDate(session.heldOn, months),
    }));
    return { sessions, retentionMonths: months };
  });
}

/** Sets how many months trainees' names and roles are kept after their session. */
export async function setRetention(db: Database, ctx: TerritoryContext, months: number): Promise<void> {
  refuse(retentionProblem(months));
  await db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findSettings(tx, ctx.territoryId);
    const id = before?.id ?? newId();
    await store.saveSettings(tx, ctx.territoryId, id, months);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: before ? 'modification' : 'création', entity: 'catalogue_settings', entityId: id, before, after: { id, traineeRetentionMonths: months } }]);
  });
}

// RGPD art. 5(1)(e) and 17: personal data kept no longer than needed; the counts (person reference, collectivity) stay.
/** Anonymises the trainees whose retention period has run out on `today`; returns how many. */
export async function anonymiseDueTrainees(db: Database, ctx: TerritoryContext, today: string): Promise<number> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const months = (await store.findSettings(tx, ctx.territoryId))?.traineeRetentionMonths ?? DEFAULT_RETENTION_MONTHS;
    const due = new Set((await store.listSessions(tx, ctx.territoryId)).filter((s) => anonymisationDate(s.heldOn, months) <= today).map((s) => s.id));
    const trainees = (await store.listTrainees(tx, ctx.territoryId, { sessionIds: [...due] })).filter((t) => t.anonymisedOn === null);
    if (trainees.length === 0) {
      await recordAudit(tx, ctx.territoryId, ctx.actor, []); // nothing expired: nothing to record
      return 0;
    }
    await store.anonymiseTrainees(
      tx,
      ctx.territoryId,
      trainees.map((t) => t.id),
      today,
    );
    // The audit keeps what was done, not the personal data removed (it would survive in the log otherwise).
    const changes: AuditChange[] = trainees.map((t) => ({ action: 'anonymisation', entity: 'catalogue_trainees', entityId: t.id, before: { anonymisedOn: null }, after: { anonymisedOn: today, personRef: t.personRef } }));
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return trainees.length;
  });
}
