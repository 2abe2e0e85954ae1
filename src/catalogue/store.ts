import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import type { DatePrecision } from '../platform/format.ts';
import { catalogueAccounts, catalogueAttendances, catalogueMeetings, catalogueOffers, catalogueReferents, catalogueSettings, catalogueSubscriptions, catalogueTrainees, catalogueTrainingSessions } from './tables.ts';
import type { Account, Attendance, Domain, EligibilityRule, Meeting, Offer, OfferKind, OfferStatus, Pricing, Referent, SubItem, Subscription, SubscriptionStatus, Theme, Trainee, TrainingSession } from './model.ts';

// All SQL of the catalogue module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
async function insertAll(tx: Tx, table: Parameters<Tx['insert']>[0], rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH) as never);
}
const NONE = ['00000000-0000-0000-0000-000000000000'];
const ids = (list: readonly string[]) => (list.length ? [...list] : NONE);
type WithTerritory<T> = T & { readonly territoryId: string };

type OfferRow = typeof catalogueOffers.$inferSelect;
const toOffer = (r: OfferRow): Offer => ({
  id: r.id,
  code: r.code,
  title: r.title,
  description: r.description,
  kind: r.kind as OfferKind,
  domain: r.domain as Domain,
  providerId: r.providerId,
  providerService: r.providerService,
  launchedOn: r.launchedOn,
  launchPrecision: r.launchPrecision as DatePrecision | null,
  status: r.status as OfferStatus,
  subItems: r.subItems as SubItem[],
  eligibility: r.eligibility as EligibilityRule[],
  pricing: r.pricing as Pricing,
  allocationKey: r.allocationKey,
  contact: r.contact,
  theme: r.theme as Theme | null,
});

export const insertOffers = (tx: Tx, rows: readonly WithTerritory<Offer>[]) => insertAll(tx, catalogueOffers, rows.map((o) => ({ ...o, subItems: [...o.subItems], eligibility: [...o.eligibility] })));

export async function listOffers(tx: Tx, territoryId: string): Promise<Offer[]> {
  return (await tx.select().from(catalogueOffers).where(eq(catalogueOffers.territoryId, territoryId)).orderBy(asc(catalogueOffers.title))).map(toOffer);
}

export async function findOffer(tx: Tx, territoryId: string, id: string): Promise<Offer | null> {
  const [row] = await tx.select().from(catalogueOffers).where(and(eq(catalogueOffers.territoryId, territoryId), eq(catalogueOffers.id, id)));
  return row ? toOffer(row) : null;
}

export async function findOfferByCode(tx: Tx, territoryId: string, code: string): Promise<Offer | null> {
  const [row] = await tx.select().from(catalogueOffers).where(and(eq(catalogueOffers.territoryId, territoryId), eq(catalogueOffers.code, code)));
  return row ? toOffer(row) : null;
}

export async function updateOfferSubItems(tx: Tx, territoryId: string, id: string, subItems: readonly SubItem[]): Promise<void> {
  await tx
    .update(catalogueOffers)
    .set({ subItems: [...subItems], updatedAt: sql`now()` })
    .where(and(eq(catalogueOffers.territoryId, territoryId), eq(catalogueOffers.id, id)));
}

type SubscriptionRow = typeof catalogueSubscriptions.$inferSelect;
const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  offerId: r.offerId,
  collectivityId: r.collectivityId,
  status: r.status as SubscriptionStatus,
  requestedOn: r.requestedOn,
  requestNote: r.requestNote,
  decidedOn: r.decidedOn,
  refusalReason: r.refusalReason,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
});

export const insertSubscriptions = (tx: Tx, rows: readonly WithTerritory<Subscription>[]) => insertAll(tx, catalogueSubscriptions, rows);

export async function listSubscriptions(tx: Tx, territoryId: string, filter: { offerId?: string; collectivityId?: string; status?: SubscriptionStatus } = {}): Promise<Subscription[]> {
  const found = await tx
    .select()
    .from(catalogueSubscriptions)
    .where(
      and(
        eq(catalogueSubscriptions.territoryId, territoryId),
        filter.offerId ? eq(catalogueSubscriptions.offerId, filter.offerId) : undefined,
        filter.collectivityId ? eq(catalogueSubscriptions.collectivityId, filter.collectivityId) : undefined,
        filter.status ? eq(catalogueSubscriptions.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(catalogueSubscriptions.requestedOn), asc(catalogueSubscriptions.id));
  return found.map(toSubscription);
}

export async function findSubscription(tx: Tx, territoryId: string, id: string): Promise<Subscription | null> {
  const [row] = await tx.select().from(catalogueSubscriptions).where(and(eq(catalogueSubscriptions.territoryId, territoryId), eq(catalogueSubscriptions.id, id)));
  return row ? toSubscription(row) : null;
}

export async function updateSubscription(tx: Tx, territoryId: string, s: Subscription): Promise<void> {
  await tx
    .update(catalogueSubscriptions)
    .set({ status: s.status, decidedOn: s.decidedOn, refusalReason: s.refusalReason, startsOn: s.startsOn, endsOn: s.endsOn, updatedAt: sql`now()` })
    .where(and(eq(catalogueSubscriptions.territoryId, territoryId), eq(catalogueSubscriptions.id, s.id)));
}

export const insertAccounts = (tx: Tx, rows: readonly WithTerritory<Account>[]) => insertAll(tx, catalogueAccounts, rows);

export async function listAccounts(tx: Tx, territoryId: string, subscriptionIds: readonly string[] | null = null): Promise<Account[]> {
  const found = await tx
    .select()
    .from(catalogueAccounts)
    .where(and(eq(catalogueAccounts.territoryId, territoryId), subscriptionIds === null ? undefined : inArray(catalogueAccounts.subscriptionId, ids(subscriptionIds))))
    .orderBy(asc(catalogueAccounts.openedOn), asc(catalogueAccounts.id));
  return found.map((r) => ({ id: r.id, subscriptionId: r.subscriptionId, count: r.count, holderName: r.holderName, openedOn: r.openedOn, closedOn: r.closedOn }));
}

export const insertReferents = (tx: Tx, rows: readonly WithTerritory<Referent>[]) => insertAll(tx, catalogueReferents, rows);

export async function listReferents(tx: Tx, territoryId: string, filter: { collectivityId?: string; theme?: Theme } = {}): Promise<Referent[]> {
  const found = await tx
    .select()
    .from(catalogueReferents)
    .where(
      and(
        eq(catalogueReferents.territoryId, territoryId),
        filter.collectivityId ? eq(catalogueReferents.collectivityId, filter.collectivityId) : undefined,
        filter.theme ? eq(catalogueReferents.theme, filter.theme) : undefined,
      ),
    )
    .orderBy(asc(catalogueReferents.theme), asc(catalogueReferents.name));
  return found.map((r) => ({ id: r.id, collectivityId: r.collectivityId, theme: r.theme as Theme, name: r.name, position: r.position, email: r.email, phone: r.phone }));
}

export async function findReferent(tx: Tx, territoryId: string, collectivityId: string, theme: Theme): Promise<Referent | null> {
  return (await listReferents(tx, territoryId, { collectivityId, theme }))[0] ?? null;
}

export async function updateReferent(tx: Tx, territoryId: string, r: Referent): Promise<void> {
  await tx
    .update(catalogueReferents)
    .set({ name: r.name, position: r.position, email: r.email, phone: r.phone, updatedAt: sql`now()` })
    .where(and(eq(catalogueReferents.territoryId, territoryId), eq(catalogueReferents.id, r.id)));
}

export const insertMeetings = (tx: Tx, rows: readonly WithTerritory<Meeting>[]) => insertAll(tx, catalogueMeetings, rows);
export const insertAttendances = (tx: Tx, rows: readonly WithTerritory<Attendance>[]) => insertAll(tx, catalogueAttendances, rows);

export async function listMeetings(tx: Tx, territoryId: string, offerId: string | null = null): Promise<Meeting[]> {
  const found = await tx
    .select()
    .from(catalogueMeetings)
    .where(and(eq(catalogueMeetings.territoryId, territoryId), offerId ? eq(catalogueMeetings.offerId, offerId) : undefined))
    .orderBy(asc(catalogueMeetings.heldOn), asc(catalogueMeetings.id));
  return found.map((r) => ({ id: r.id, offerId: r.offerId, heldOn: r.heldOn, topic: r.topic, place: r.place, outsideAttendees: r.outsideAttendees }));
}

export async function listAttendances(tx: Tx, territoryId: string, meetingIds: readonly string[] | null = null): Promise<Attendance[]> {
  const found = await tx
    .select()
    .from(catalogueAttendances)
    .where(and(eq(catalogueAttendances.territoryId, territoryId), meetingIds === null ? undefined : inArray(catalogueAttendances.meetingId, ids(meetingIds))));
  return found.map((r) => ({ id: r.id, meetingId: r.meetingId, collectivityId: r.collectivityId, attendees: r.attendees }));
}

export const insertSessions = (tx: Tx, rows: readonly WithTerritory<TrainingSession>[]) => insertAll(tx, catalogueTrainingSessions, rows);

type SessionRow = typeof catalogueTrainingSessions.$inferSelect;
const toSession = (r: SessionRow): TrainingSession => ({ id: r.id, offerId: r.offerId, reference: r.reference, topic: r.topic, heldOn: r.heldOn, place: r.place, trainer: r.trainer });

export async function listSessions(tx: Tx, territoryId: string): Promise<TrainingSession[]> {
  return (await tx.select().from(catalogueTrainingSessions).where(eq(catalogueTrainingSessions.territoryId, territoryId)).orderBy(asc(catalogueTrainingSessions.heldOn), asc(catalogueTrainingSessions.reference))).map(toSession);
}

export async function findSession(tx: Tx, territoryId: string, id: string): Promise<TrainingSession | null> {
  const [row] = await tx.select().from(catalogueTrainingSessions).where(and(eq(catalogueTrainingSessions.territoryId, territoryId), eq(catalogueTrainingSessions.id, id)));
  return row ? toSession(row) : null;
}

export async function findSessionByReference(tx: Tx, territoryId: string, reference: string): Promise<TrainingSession | null> {
  const [row] = await tx.select().from(catalogueTrainingSessions).where(and(eq(catalogueTrainingSessions.territoryId, territoryId), eq(catalogueTrainingSessions.reference, reference)));
  return row ? toSession(row) : null;
}

export const insertTrainees = (tx: Tx, rows: readonly WithTerritory<Trainee>[]) => insertAll(tx, catalogueTrainees, rows);

export async function listTrainees(tx: Tx, territoryId: string, filter: { sessionIds?: readonly string[]; collectivityId?: string } = {}): Promise<Trainee[]> {
  const found = await tx
    .select()
    .from(catalogueTrainees)
    .where(
      and(
        eq(catalogueTrainees.territoryId, territoryId),
        filter.sessionIds ? inArray(catalogueTrainees.sessionId, ids(filter.sessionIds)) : undefined,
        filter.collectivityId ? eq(catalogueTrainees.collectivityId, filter.collectivityId) : undefined,
      ),
    )
    .orderBy(asc(catalogueTrainees.name), asc(catalogueTrainees.id));
  return found.map((r) => ({ id: r.id, sessionId: r.sessionId, personRef: r.personRef, name: r.name, role: r.role, collectivityId: r.collectivityId, outsideBody: r.outsideBody, anonymisedOn: r.anonymisedOn }));
}

/** Blanks the personal data of the trainees named; their person reference and collectivity stay, for the counts. */
export async function anonymiseTrainees(tx: Tx, territoryId: string, traineeIds: readonly string[], on: string): Promise<void> {
  for (let i = 0; i < traineeIds.length; i += BATCH) {
    await tx
      .update(catalogueTrainees)
      .set({ name: null, role: null, anonymisedOn: on, updatedAt: sql`now()` })
      .where(and(eq(catalogueTrainees.territoryId, territoryId), inArray(catalogueTrainees.id, [...traineeIds.slice(i, i + BATCH)]), isNull(catalogueTrainees.anonymisedOn)));
  }
}

export async function findSettings(tx: Tx, territoryId: string): Promise<{ id: string; traineeRetentionMonths: number } | null> {
  const [row] = await tx.select().from(catalogueSettings).where(eq(catalogueSettings.territoryId, territoryId));
  return row ? { id: row.id, traineeRetentionMonths: row.traineeRetentionMonths } : null;
}

export async function saveSettings(tx: Tx, territoryId: string, id: string, traineeRetentionMonths: number): Promise<void> {
  await tx
    .insert(catalogueSettings)
    .values({ territoryId, id, traineeRetentionMonths })
    .onConflictDoUpdate({ target: [catalogueSettings.territoryId], set: { traineeRetentionMonths, updatedAt: sql`now()` } });
}
