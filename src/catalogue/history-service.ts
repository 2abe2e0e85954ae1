import type { Database } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { UserError } from '../platform/http/errors.ts';
import { checkEligibility, periodProblem, type Account, type Attendance, type Meeting, type Offer, type Referent, type Subscription, type Theme, type Trainee, type TrainingSession } from './model.ts';
import { candidates, offerFrom, type NewOffer } from './service.ts';
import { journalled, traineeProblem, traineeRows, type MeetingInput, type ReferentInput, type TraineeInput } from './activity-service.ts';
import * as store from './store.ts';

/** A territory's catalogue as its records give it: offers, subscriptions with accounts, referents, meetings, trainings. */
export interface CatalogueHistory {
  readonly offers: readonly NewOffer[];
  readonly subscriptions: readonly {
    readonly offer: string;
    readonly collectivityId: string;
    readonly requestedOn: string;
    readonly startsOn: string;
    readonly endsOn?: string | null;
    readonly accounts?: readonly { readonly count: number; readonly holderName?: string | null; readonly openedOn: string }[];
  }[];
  readonly referents: readonly (ReferentInput & { readonly collectivityId: string; readonly theme: Theme })[];
  readonly meetings: readonly (MeetingInput & { readonly offer: string })[];
  readonly sessions: readonly { readonly offer: string; readonly reference: string; readonly topic: string; readonly heldOn: string; readonly place?: string | null; readonly trainer?: string | null; readonly trainees: readonly TraineeInput[] }[];
}

/**
 * Loads a catalogue's history in one transaction (the demo territory, a migration from spreadsheets): the rules of entry
 * (eligibility, dates, trainees' bodies) checked before anything is written; multi-row inserts; every row in the audit log.
 */
export async function loadCatalogueHistory(db: Database, ctx: TerritoryContext, history: CatalogueHistory, today: string): Promise<void> {
  const who = await candidates(db, ctx, today);
  const names = new Map([...who.values()].map((c) => [c.id, c.name]));
  const fail = (where: string, message: string, field?: string): never => {
    throw new UserError(`${where} : ${message}`, 400, field);
  };
  const offers: Offer[] = history.offers.map((input) => offerFrom(input, newId()));
  const byCode = new Map(offers.map((o) => [o.code, o]));
  const offerOf = (where: string, code: string) => byCode.get(code) ?? fail(where, `offre « ${code} » inconnue`, 'offer');
  const subscriptions: Subscription[] = [];
  const accounts: Account[] = [];
  for (const s of history.subscriptions) {
    const where = `Adhésion de ${names.get(s.collectivityId) ?? s.collectivityId} à ${s.offer}`;
    const offer = offerOf(where, s.offer);
    const verdict = checkEligibility(offer, who.get(s.collectivityId) ?? fail(where, 'collectivité inconnue', 'collectivityId'));
    if (!verdict.eligible) fail(where, verdict.reason, 'offer');
    const problem = periodProblem(s.startsOn, s.endsOn ?? null);
    if (problem) fail(where, problem.message, problem.field);
    const sub: Subscription = { id: newId(), offerId: offer.id, collectivityId: s.collectivityId, status: 'approved', requestedOn: s.requestedOn, requestNote: null, decidedOn: s.startsOn, refusalReason: null, startsOn: s.startsOn, endsOn: s.endsOn ?? null };
    subscriptions.push(sub);
    for (const a of s.accounts ?? []) accounts.push({ id: newId(), subscriptionId: sub.id, count: a.count, holderName: a.holderName ?? null, openedOn: a.openedOn, closedOn: null });
  }
  const referents: Referent[] = history.referents.map((r) => ({ id: newId(), collectivityId: r.collectivityId, theme: r.theme, name: r.name, position: r.position ?? null, email: r.email ?? null, phone: r.phone ?? null }));
  const meetings: Meeting[] = [];
  const attendances: Attendance[] = [];
  for (const m of history.meetings) {
    const meeting: Meeting = { id: newId(), offerId: offerOf(`Réunion du ${m.heldOn}`, m.offer).id, heldOn: m.heldOn, topic: m.topic, place: m.place ?? null, outsideAttendees: m.outsideAttendees ?? 0 };
    meetings.push(meeting);
    for (const a of m.attendance) attendances.push({ id: newId(), meetingId: meeting.id, collectivityId: a.collectivityId, attendees: a.attendees });
  }
  const sessions: TrainingSession[] = [];
  const trainees: Trainee[] = [];
  for (const s of history.sessions) {
    const session: TrainingSession = { id: newId(), offerId: offerOf(`Session ${s.reference}`, s.offer).id, reference: s.reference, topic: s.topic, heldOn: s.heldOn, place: s.place ?? null, trainer: s.trainer ?? null };
    sessions.push(session);
    for (const t of s.trainees) {
      const problem = traineeProblem(t);
      if (problem) fail(`Session ${s.reference}`, problem.message, problem.field);
    }
    trainees.push(...traineeRows(trainees, names, session.id, s.trainees));
  }
  const t = ctx.territoryId;
  const withT = <T>(rows: readonly T[]) => rows.map((r) => ({ territoryId: t, ...r }));
  const audit = (entity: string, rows: readonly { id: string }[], view: (r: never) => unknown = (r) => r): AuditChange[] => rows.map((r) => ({ action: 'création', entity, entityId: r.id, before: null, after: view(r as never) }));
  await db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertOffers(tx, withT(offers));
    await store.insertSubscriptions(tx, withT(subscriptions));
    await store.insertAccounts(tx, withT(accounts));
    await store.insertReferents(tx, withT(referents));
    await store.insertMeetings(tx, withT(meetings));
    await store.insertAttendances(tx, withT(attendances));
    await store.insertSessions(tx, withT(sessions));
    await store.insertTrainees(tx, withT(trainees));
    await recordAudit(tx, t, ctx.actor, [
      ...audit('catalogue_offers', offers),
      ...audit('catalogue_subscriptions', subscriptions),
      ...audit('catalogue_accounts', accounts),
      ...audit('catalogue_referents', referents),
      ...audit('catalogue_meetings', meetings),
      ...audit('catalogue_attendances', attendances),
      ...audit('catalogue_trainings', sessions),
      ...audit('catalogue_trainees', trainees, journalled),
    ]);
  });
}
