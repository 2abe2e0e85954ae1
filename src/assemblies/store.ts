import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import * as t from './tables.ts';
import type { Movement, ProxyFact, SubstitutionFact } from './attendance.ts';
import type { AgendaItem, Body, BodyKind, Civility, ItemKind, ItemResult, Mandate, MandateRole, Member, QuorumComparison, RuleSet, Seat, Sitting, SittingStatus, VoteChoice, VoteMode, VoteRecord } from './model.ts';

async function batches<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

// Bodies and their rules

export async function insertBody(tx: Tx, territoryId: string, body: Body): Promise<void> {
  await tx.insert(t.assemblyBodies).values({ territoryId, ...body });
}

const toBody = (r: typeof t.assemblyBodies.$inferSelect): Body => ({ id: r.id, kind: r.kind as BodyKind, name: r.name, communeId: r.communeId, seats: r.seats, note: r.note });

export async function listBodies(tx: Tx, territoryId: string): Promise<Body[]> {
  return (await tx.select().from(t.assemblyBodies).where(eq(t.assemblyBodies.territoryId, territoryId)).orderBy(asc(t.assemblyBodies.name))).map(toBody);
}

export async function findBody(tx: Tx, territoryId: string, id: string): Promise<Body | null> {
  const [row] = await tx.select().from(t.assemblyBodies).where(and(eq(t.assemblyBodies.territoryId, territoryId), eq(t.assemblyBodies.id, id)));
  return row ? toBody(row) : null;
}

export async function insertRuleSets(tx: Tx, territoryId: string, rules: readonly RuleSet[]): Promise<void> {
  await batches(rules, (chunk) => tx.insert(t.assemblyRuleSets).values(chunk.map((r) => ({ territoryId, ...r }))));
}

export async function listRuleSets(tx: Tx, territoryId: string, bodyId: string): Promise<RuleSet[]> {
  const found = await tx
    .select()
    .from(t.assemblyRuleSets)
    .where(and(eq(t.assemblyRuleSets.territoryId, territoryId), eq(t.assemblyRuleSets.bodyId, bodyId)))
    .orderBy(asc(t.assemblyRuleSets.validFrom));
  return found.map(({ territoryId: _t, createdAt: _c, updatedAt: _u, ...r }) => ({ ...r, quorumComparison: r.quorumComparison as QuorumComparison }));
}

// Members and mandates

export async function insertMembers(tx: Tx, territoryId: string, members: readonly Member[]): Promise<void> {
  await batches(members, (chunk) => tx.insert(t.assemblyMembers).values(chunk.map((m) => ({ territoryId, ...m }))));
}

const toMember = (r: typeof t.assemblyMembers.$inferSelect): Member => ({ id: r.id, civility: r.civility as Civility, firstName: r.firstName, lastName: r.lastName });

export async function listMembers(tx: Tx, territoryId: string): Promise<Member[]> {
  return (await tx.select().from(t.assemblyMembers).where(eq(t.assemblyMembers.territoryId, territoryId))).map(toMember);
}

export async function findMember(tx: Tx, territoryId: string, id: string): Promise<Member | null> {
  const [row] = await tx.select().from(t.assemblyMembers).where(and(eq(t.assemblyMembers.territoryId, territoryId), eq(t.assemblyMembers.id, id)));
  return row ? toMember(row) : null;
}

export async function insertMandates(tx: Tx, territoryId: string, mandates: readonly Mandate[]): Promise<void> {
  await batches(mandates, (chunk) => tx.insert(t.assemblyMandates).values(chunk.map((m) => ({ territoryId, ...m }))));
}

const toMandate = (r: typeof t.assemblyMandates.$inferSelect): Mandate => ({
  id: r.id,
  memberId: r.memberId,
  bodyId: r.bodyId,
  communeId: r.communeId,
  role: r.role as MandateRole,
  seat: r.seat as Seat,
  validFrom: r.validFrom,
  validTo: r.validTo,
  rank: r.rank,
});

export async function listMandates(tx: Tx, territoryId: string, filter: { bodyId?: string; memberId?: string } = {}): Promise<Mandate[]> {
  const found = await tx
    .select()
    .from(t.assemblyMandates)
    .where(
      and(
        eq(t.assemblyMandates.territoryId, territoryId),
        filter.bodyId ? eq(t.assemblyMandates.bodyId, filter.bodyId) : undefined,
        filter.memberId ? eq(t.assemblyMandates.memberId, filter.memberId) : undefined,
      ),
    )
    .orderBy(asc(t.assemblyMandates.validFrom));
  return found.map(toMandate);
}

// Sittings and agenda items

const toSitting = (r: typeof t.assemblySittings.$inferSelect): Sitting & { eventSeq: number } => ({
  id: r.id,
  bodyId: r.bodyId,
  date: r.sittingDate,
  startsAt: new Date(r.startsAt).toISOString(),
  place: r.place,
  convokedOn: r.convokedOn,
  urgency: r.urgency,
  urgencyReason: r.urgencyReason,
  explanatoryNoteSent: r.explanatoryNoteSent,
  convocation: r.convocation as Sitting['convocation'],
  firstSittingId: r.firstSittingId,
  status: r.status as SittingStatus,
  presidentId: r.presidentId,
  secretaryId: r.secretaryId,
  eventSeq: r.eventSeq,
});

export async function insertSitting(tx: Tx, territoryId: string, s: Sitting): Promise<void> {
  const { date, ...rest } = s;
  await tx.insert(t.assemblySittings).values({ territoryId, ...rest, sittingDate: date });
}

export async function findSitting(tx: Tx, territoryId: string, id: string): Promise<(Sitting & { eventSeq: number }) | null> {
  const [row] = await tx.select().from(t.assemblySittings).where(and(eq(t.assemblySittings.territoryId, territoryId), eq(t.assemblySittings.id, id)));
  return row ? toSitting(row) : null;
}

export async function listSittings(tx: Tx, territoryId: string, filter: { bodyId?: string | undefined; from?: string; to?: string } = {}): Promise<Sitting[]> {
  const found = await tx
    .select()
    .from(t.assemblySittings)
    .where(
      and(
        eq(t.assemblySittings.territoryId, territoryId),
        filter.bodyId ? eq(t.assemblySittings.bodyId, filter.bodyId) : undefined,
        filter.from ? gte(t.assemblySittings.sittingDate, filter.from) : undefined,
        filter.to ? lte(t.assemblySittings.sittingDate, filter.to) : undefined,
      ),
    )
    .orderBy(asc(t.assemblySittings.startsAt));
  return found.map(toSitting);
}

export async function updateSitting(tx: Tx, territoryId: string, id: string, change: Partial<Pick<Sitting, 'status' | 'presidentId' | 'secretaryId'>>): Promise<void> {
  await tx
    .update(t.assemblySittings)
    .set({ ...change, updatedAt: sql`now()` })
    .where(and(eq(t.assemblySittings.territoryId, territoryId), eq(t.assemblySittings.id, id)));
}

/** Takes the sitting's next event number; the row lock it holds serializes the sitting's writers until commit. */
export async function nextEventSeq(tx: Tx, territoryId: string, sittingId: string): Promise<number | null> {
  const [row] = await tx
    .update(t.assemblySittings)
    .set({ eventSeq: sql`${t.assemblySittings.eventSeq} + 1` })
    .where(and(eq(t.assemblySittings.territoryId, territoryId), eq(t.assemblySittings.id, sittingId)))
    .returning({ seq: t.assemblySittings.eventSeq });
  return row?.seq ?? null;
}

export async function setEventSeq(tx: Tx, territoryId: string, sittingId: string, seq: number): Promise<void> {
  await tx.update(t.assemblySittings).set({ eventSeq: seq }).where(and(eq(t.assemblySittings.territoryId, territoryId), eq(t.assemblySittings.id, sittingId)));
}

export async function insertItems(tx: Tx, territoryId: string, items: readonly AgendaItem[]): Promise<void> {
  await batches(items, (chunk) => tx.insert(t.assemblyAgendaItems).values(chunk.map((i) => ({ territoryId, ...i }))));
}

const toItem = (r: typeof t.assemblyAgendaItems.$inferSelect): AgendaItem => ({
  id: r.id,
  sittingId: r.sittingId,
  position: r.position,
  title: r.title,
  kind: r.kind as ItemKind,
  rapporteurId: r.rapporteurId,
  report: r.report,
  carriedFromItemId: r.carriedFromItemId,
});

export async function listItems(tx: Tx, territoryId: string, sittingIds: readonly string[]): Promise<AgendaItem[]> {
  if (sittingIds.length === 0) return [];
  const found = await tx
    .select()
    .from(t.assemblyAgendaItems)
    .where(and(eq(t.assemblyAgendaItems.territoryId, territoryId), inArray(t.assemblyAgendaItems.sittingId, [...sittingIds])))
    .orderBy(asc(t.assemblyAgendaItems.position));
  return found.map(toItem);
}

export async function findItem(tx: Tx, territoryId: string, id: string): Promise<AgendaItem | null> {
  const [row] = await tx.select().from(t.assemblyAgendaItems).where(and(eq(t.assemblyAgendaItems.territoryId, territoryId), eq(t.assemblyAgendaItems.id, id)));
  return row ? toItem(row) : null;
}

// Attendance events

export interface Excuse {
  readonly id: string;
  readonly memberId: string;
  readonly note: string | null;
}

export async function insertExcuses(tx: Tx, territoryId: string, sittingId: string, excuses: readonly Excuse[]): Promise<void> {
  await batches(excuses, (chunk) => tx.insert(t.assemblyExcuses).values(chunk.map((e) => ({ territoryId, sittingId, ...e }))));
}

export async function listExcuses(tx: Tx, territoryId: string, sittingIds: readonly string[]): Promise<(Excuse & { sittingId: string })[]> {
  if (sittingIds.length === 0) return [];
  return tx
    .select({ id: t.assemblyExcuses.id, sittingId: t.assemblyExcuses.sittingId, memberId: t.assemblyExcuses.memberId, note: t.assemblyExcuses.note })
    .from(t.assemblyExcuses)
    .where(and(eq(t.assemblyExcuses.territoryId, territoryId), inArray(t.assemblyExcuses.sittingId, [...sittingIds])));
}

export async function insertMovements(tx: Tx, territoryId: string, sittingId: string, movements: readonly (Movement & { id: string })[]): Promise<void> {
  await batches(movements, (chunk) => tx.insert(t.assemblyMovements).values(chunk.map((m) => ({ territoryId, sittingId, ...m }))));
}

export async function listMovements(tx: Tx, territoryId: string, sittingIds: readonly string[]): Promise<(Movement & { sittingId: string })[]> {
  if (sittingIds.length === 0) return [];
  const found = await tx
    .select({ sittingId: t.assemblyMovements.sittingId, memberId: t.assemblyMovements.memberId, kind: t.assemblyMovements.kind, fromPosition: t.assemblyMovements.fromPosition, seq: t.assemblyMovements.seq })
    .from(t.assemblyMovements)
    .where(and(eq(t.assemblyMovements.territoryId, territoryId), inArray(t.assemblyMovements.sittingId, [...sittingIds])))
    .orderBy(asc(t.assemblyMovements.seq));
  return found.map((m) => ({ ...m, kind: m.kind as Movement['kind'] }));
}

export interface StoredProxy extends ProxyFact {
  readonly writtenOn: string;
  readonly illnessCertified: boolean;
}

export async function insertProxies(tx: Tx, territoryId: string, sittingId: string, proxies: readonly StoredProxy[]): Promise<void> {
  await batches(proxies, (chunk) => tx.insert(t.assemblyProxies).values(chunk.map((p) => ({ territoryId, sittingId, ...p }))));
}

export async function listProxies(tx: Tx, territoryId: string, sittingIds: readonly string[]): Promise<(StoredProxy & { sittingId: string })[]> {
  if (sittingIds.length === 0) return [];
  const p = t.assemblyProxies;
  return tx
    .select({ id: p.id, sittingId: p.sittingId, giverId: p.giverId, holderId: p.holderId, fromPosition: p.fromPosition, revokedFromPosition: p.revokedFromPosition, seq: p.seq, writtenOn: p.writtenOn, illnessCertified: p.illnessCertified })
    .from(p)
    .where(and(eq(p.territoryId, territoryId), inArray(p.sittingId, [...sittingIds])))
    .orderBy(asc(p.seq));
}

/** Sittings of the body from a date up to another, both included (a written proxy's coverage). */
export async function countSittingsBetween(tx: Tx, territoryId: string, bodyId: string, from: string, to: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(t.assemblySittings)
    .where(and(eq(t.assemblySittings.territoryId, territoryId), eq(t.assemblySittings.bodyId, bodyId), gte(t.assemblySittings.sittingDate, from), lte(t.assemblySittings.sittingDate, to)));
  return Number(row?.n ?? 0);
}

export async function insertSubstitution(tx: Tx, territoryId: string, sittingId: string, s: SubstitutionFact & { id: string }): Promise<void> {
  await tx.insert(t.assemblySubstitutions).values({ territoryId, sittingId, ...s });
}

export async function listSubstitutions(tx: Tx, territoryId: string, sittingIds: readonly string[]): Promise<(SubstitutionFact & { sittingId: string })[]> {
  if (sittingIds.length === 0) return [];
  const s = t.assemblySubstitutions;
  return tx
    .select({ sittingId: s.sittingId, titularId: s.titularId, substituteId: s.substituteId, fromPosition: s.fromPosition, seq: s.seq })
    .from(s)
    .where(and(eq(s.territoryId, territoryId), inArray(s.sittingId, [...sittingIds])))
    .orderBy(asc(s.seq));
}

export interface Withdrawal {
  readonly id: string;
  readonly itemId: string;
  readonly memberId: string;
  readonly reason: string | null;
}

export async function insertWithdrawal(tx: Tx, territoryId: string, w: Withdrawal): Promise<void> {
  await tx.insert(t.assemblyWithdrawals).values({ territoryId, ...w });
}

export async function listWithdrawals(tx: Tx, territoryId: string, itemIds: readonly string[]): Promise<Withdrawal[]> {
  if (itemIds.length === 0) return [];
  const w = t.assemblyWithdrawals;
  return tx.select({ id: w.id, itemId: w.itemId, memberId: w.memberId, reason: w.reason }).from(w).where(and(eq(w.territoryId, territoryId), inArray(w.itemId, [...itemIds])));
}

// Votes

export async function insertVote(tx: Tx, territoryId: string, id: string, v: VoteRecord): Promise<void> {
  await tx.insert(t.assemblyVotes).values({
    territoryId,
    id,
    itemId: v.itemId,
    mode: v.mode,
    votesFor: v.counts.for,
    votesAgainst: v.counts.against,
    abstentions: v.counts.abstain,
    notVoting: v.counts.notVoting,
    presidentChoice: v.presidentChoice,
    result: v.result,
    resultText: v.resultText,
    inOffice: v.inOffice,
    present: v.present,
    represented: v.represented,
    quorumRequired: v.quorumRequired,
    quorumText: v.quorumText,
  });
}

export async function listVotes(tx: Tx, territoryId: string, itemIds: readonly string[]): Promise<VoteRecord[]> {
  if (itemIds.length === 0) return [];
  const found = await tx.select().from(t.assemblyVotes).where(and(eq(t.assemblyVotes.territoryId, territoryId), inArray(t.assemblyVotes.itemId, [...itemIds])));
  return found.map((r) => ({
    itemId: r.itemId,
    mode: r.mode as VoteMode | null,
    counts: { for: r.votesFor, against: r.votesAgainst, abstain: r.abstentions, notVoting: r.notVoting },
    presidentChoice: r.presidentChoice as VoteChoice | null,
    result: r.result as ItemResult,
    resultText: r.resultText,
    inOffice: r.inOffice,
    present: r.present,
    represented: r.represented,
    quorumRequired: r.quorumRequired,
    quorumText: r.quorumText,
  }));
}

export async function insertNominalVotes(tx: Tx, territoryId: string, itemId: string, votes: readonly { id: string; memberId: string; choice: VoteChoice }[]): Promise<void> {
  await batches(votes, (chunk) => tx.insert(t.assemblyNominalVotes).values(chunk.map((v) => ({ territoryId, itemId, ...v }))));
}

export async function listNominalVotes(tx: Tx, territoryId: string, itemId: string): Promise<{ memberId: string; choice: VoteChoice }[]> {
  const n = t.assemblyNominalVotes;
  const found = await tx.select({ memberId: n.memberId, choice: n.choice }).from(n).where(and(eq(n.territoryId, territoryId), eq(n.itemId, itemId)));
  return found.map((v) => ({ memberId: v.memberId, choice: v.choice as VoteChoice }));
}
