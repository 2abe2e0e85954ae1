import { and, asc, desc, eq, gte, ilike, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../platform/db/database.ts';
import * as t from './tables.ts';
import type { Outcome } from './model.ts';

/** A deliberation as the module holds it. */
export interface Deliberation {
  readonly id: string;
  readonly year: number;
  readonly seq: number;
  readonly number: string;
  readonly itemId: string;
  readonly sittingId: string;
  readonly bodyId: string;
  readonly adoptedOn: string;
  readonly title: string;
  readonly matterCode: string;
  readonly recitals: string;
  readonly decision: string;
  readonly debates: string | null;
  readonly rapporteurId: string | null;
  readonly outcome: Outcome;
  readonly actesId: string | null;
  readonly transmittedOn: string | null;
  readonly transmissionChannel: string | null;
  readonly acknowledgedOn: string | null;
  readonly publishedOn: string | null;
  readonly enforceableOn: string | null;
}

export interface Annex {
  readonly id: string;
  readonly deliberationId: string;
  readonly position: number;
  readonly title: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly source: 'upload' | 'document';
}

export interface Counter {
  readonly id: string;
  readonly year: number;
  readonly pattern: string;
  readonly lastNumber: number;
}

const D = t.deliberations;

function toDeliberation(r: typeof D.$inferSelect): Deliberation {
  const { territoryId: _t, createdAt: _c, updatedAt: _u, ...rest } = r;
  return { ...rest, outcome: r.outcome as Outcome };
}

// Numbering

export async function findCounter(tx: Tx, territoryId: string, year: number): Promise<Counter | null> {
  const [row] = await tx.select().from(t.deliberationCounters).where(and(eq(t.deliberationCounters.territoryId, territoryId), eq(t.deliberationCounters.year, year)));
  return row ? { id: row.id, year: row.year, pattern: row.pattern, lastNumber: row.lastNumber } : null;
}

/** Creates the year's counter if none exists (a concurrent creator waits on the unique key, then does nothing). */
export async function insertCounterIfMissing(tx: Tx, territoryId: string, counter: Counter): Promise<void> {
  await tx.insert(t.deliberationCounters).values({ territoryId, ...counter }).onConflictDoNothing({ target: [t.deliberationCounters.territoryId, t.deliberationCounters.year] });
}

/** Locks the year's counter row until the transaction ends: numbering runs one transaction at a time. */
export async function lockCounter(tx: Tx, territoryId: string, year: number): Promise<Counter | null> {
  const found = await rows<{ id: string; year: number; pattern: string; last_number: number }>(
    tx,
    sql`select id, year, pattern, last_number from deliberation_counters where territory_id = ${territoryId}::uuid and year = ${year} for update`,
  );
  const row = found[0];
  return row ? { id: row.id, year: row.year, pattern: row.pattern, lastNumber: row.last_number } : null;
}

export async function updateCounter(tx: Tx, territoryId: string, year: number, values: { lastNumber?: number; pattern?: string }): Promise<void> {
  await tx
    .update(t.deliberationCounters)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(t.deliberationCounters.territoryId, territoryId), eq(t.deliberationCounters.year, year)));
}

// Deliberations

export async function insertDeliberation(tx: Tx, territoryId: string, d: Deliberation): Promise<void> {
  await tx.insert(D).values({ territoryId, ...d });
}

export async function updateDeliberation(tx: Tx, territoryId: string, id: string, values: Partial<Omit<Deliberation, 'id'>>): Promise<void> {
  await tx
    .update(D)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(D.territoryId, territoryId), eq(D.id, id)));
}

export async function findDeliberation(tx: Tx, territoryId: string, id: string): Promise<Deliberation | null> {
  const [row] = await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.id, id)));
  return row ? toDeliberation(row) : null;
}

export async function findByNumber(tx: Tx, territoryId: string, number: string): Promise<Deliberation | null> {
  const [row] = await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.number, number)));
  return row ? toDeliberation(row) : null;
}

export async function findBySeq(tx: Tx, territoryId: string, year: number, seq: number): Promise<Deliberation | null> {
  const [row] = await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.year, year), eq(D.seq, seq)));
  return row ? toDeliberation(row) : null;
}

export async function findByItem(tx: Tx, territoryId: string, itemId: string): Promise<Deliberation | null> {
  const [row] = await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.itemId, itemId)));
  return row ? toDeliberation(row) : null;
}

export interface RegisterQuery {
  readonly year?: number | undefined;
  readonly number?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly matterCode?: string | undefined;
  readonly bodyId?: string | undefined;
  readonly sittingId?: string | undefined;
  /** French full text on title, recitals and decision (to_tsvector('french', …)). */
  readonly text?: string | undefined;
  readonly publishedOnly?: boolean | undefined;
  readonly limit?: number | undefined;
}

const documentVector = sql`to_tsvector('french', ${D.title} || ' ' || ${D.recitals} || ' ' || ${D.decision})`;

export async function listDeliberations(tx: Tx, territoryId: string, q: RegisterQuery = {}): Promise<Deliberation[]> {
  const where: SQL[] = [eq(D.territoryId, territoryId)];
  if (q.year !== undefined) where.push(eq(D.year, q.year));
  if (q.number) where.push(ilike(D.number, `%${q.number.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (q.from) where.push(gte(D.adoptedOn, q.from));
  if (q.to) where.push(lte(D.adoptedOn, q.to));
  if (q.matterCode) where.push(or(eq(D.matterCode, q.matterCode), sql`${D.matterCode} like ${`${q.matterCode}.%`}`)!);
  if (q.bodyId) where.push(eq(D.bodyId, q.bodyId));
  if (q.sittingId) where.push(eq(D.sittingId, q.sittingId));
  if (q.text) where.push(sql`${documentVector} @@ websearch_to_tsquery('french', ${q.text})`);
  if (q.publishedOnly) where.push(isNotNull(D.publishedOn));
  const found = await tx
    .select()
    .from(D)
    .where(and(...where))
    .orderBy(desc(D.year), desc(D.seq))
    .limit(q.limit ?? 500);
  return found.map(toDeliberation);
}

export async function listBySitting(tx: Tx, territoryId: string, sittingId: string): Promise<Deliberation[]> {
  return (await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.sittingId, sittingId))).orderBy(asc(D.year), asc(D.seq))).map(toDeliberation);
}

export async function listYear(tx: Tx, territoryId: string, year: number): Promise<Deliberation[]> {
  return (await tx.select().from(D).where(and(eq(D.territoryId, territoryId), eq(D.year, year))).orderBy(asc(D.seq))).map(toDeliberation);
}

// Annexes

const A = t.deliberationAnnexes;
const annexColumns = { id: A.id, deliberationId: A.deliberationId, position: A.position, title: A.title, filename: A.filename, mediaType: A.mediaType, size: A.size, sha256: A.sha256, source: A.source };

export async function insertAnnex(tx: Tx, territoryId: string, annex: Annex, content: Uint8Array): Promise<void> {
  await tx.insert(A).values({ territoryId, ...annex, content });
}

export async function listAnnexes(tx: Tx, territoryId: string, deliberationId: string): Promise<Annex[]> {
  const found = await tx
    .select(annexColumns)
    .from(A)
    .where(and(eq(A.territoryId, territoryId), eq(A.deliberationId, deliberationId)))
    .orderBy(asc(A.position));
  return found.map((a) => ({ ...a, source: a.source as Annex['source'] }));
}

export async function findAnnexContent(tx: Tx, territoryId: string, deliberationId: string, annexId: string): Promise<(Annex & { content: Uint8Array }) | null> {
  const [row] = await tx
    .select({ ...annexColumns, content: A.content })
    .from(A)
    .where(and(eq(A.territoryId, territoryId), eq(A.deliberationId, deliberationId), eq(A.id, annexId)));
  return row ? { ...row, source: row.source as Annex['source'] } : null;
}

// History: the audit entries of a deliberation and its annexes

export interface HistoryEntry {
  readonly at: string;
  readonly actorLabel: string;
  readonly action: string;
  readonly entity: string;
}

export async function historyOf(tx: Tx, territoryId: string, deliberationId: string): Promise<HistoryEntry[]> {
  const found = await rows<{ at: string; actor_label: string; action: string; entity: string }>(
    tx,
    sql`select at, actor_label, action, entity from audit_log
         where territory_id = ${territoryId}::uuid
           and ((entity = 'deliberations' and entity_id = ${deliberationId})
             or (entity = 'deliberation_annexes' and after->>'deliberationId' = ${deliberationId}))
         order by seq`,
  );
  return found.map((r) => ({ at: new Date(r.at).toISOString(), actorLabel: r.actor_label, action: r.action, entity: r.entity }));
}
