import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import type { LegalDate } from '../platform/format.ts';
import { firstDay, fromColumns } from '../convergence/model.ts';
import { poolingSchemes, schemeActions, schemeOpinions } from './tables.ts';
import type { ActionStatus, Opinion, PoolingScheme, RecordedOpinion, SchemeAction } from './model.ts';

// All SQL of the scheme module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
const dateColumns = (date: LegalDate | null) => ({ value: date ? firstDay(date) : null, precision: date?.precision ?? null });

type SchemeRow = typeof poolingSchemes.$inferSelect;
const toScheme = (r: SchemeRow): PoolingScheme => ({
  id: r.id,
  title: r.title,
  sentToCommunesOn: r.sentToCommunesOn,
  adoptedOn: fromColumns(r.adoptedOn, r.adoptedOnPrecision),
  adoptingBody: r.adoptingBody,
  deliberationReference: r.deliberationReference,
  context: r.context,
  orientations: r.orientations,
  principles: r.principles,
  note: r.note,
});

function schemeColumns(s: PoolingScheme) {
  const adopted = dateColumns(s.adoptedOn);
  return {
    title: s.title,
    sentToCommunesOn: s.sentToCommunesOn,
    adoptedOn: adopted.value,
    adoptedOnPrecision: adopted.precision,
    adoptingBody: s.adoptingBody,
    deliberationReference: s.deliberationReference,
    context: s.context,
    orientations: [...s.orientations],
    principles: [...s.principles],
    note: s.note,
  };
}

export async function insertScheme(tx: Tx, territoryId: string, scheme: PoolingScheme): Promise<void> {
  await tx.insert(poolingSchemes).values({ territoryId, id: scheme.id, ...schemeColumns(scheme) });
}

export async function updateScheme(tx: Tx, territoryId: string, scheme: PoolingScheme): Promise<void> {
  await tx
    .update(poolingSchemes)
    .set({ ...schemeColumns(scheme), updatedAt: sql`now()` })
    .where(and(eq(poolingSchemes.territoryId, territoryId), eq(poolingSchemes.id, scheme.id)));
}

/** The territory's schemes, the most recently adopted first (a draft not yet adopted on top). */
export async function listSchemes(tx: Tx, territoryId: string): Promise<PoolingScheme[]> {
  const found = await tx
    .select()
    .from(poolingSchemes)
    .where(eq(poolingSchemes.territoryId, territoryId))
    .orderBy(sql`${poolingSchemes.adoptedOn} desc nulls first`, desc(poolingSchemes.createdAt));
  return found.map(toScheme);
}

export async function findScheme(tx: Tx, territoryId: string, id: string): Promise<PoolingScheme | null> {
  const [row] = await tx.select().from(poolingSchemes).where(and(eq(poolingSchemes.territoryId, territoryId), eq(poolingSchemes.id, id)));
  return row ? toScheme(row) : null;
}

type ActionRow = typeof schemeActions.$inferSelect;
const toAction = (r: ActionRow): SchemeAction => ({
  id: r.id,
  schemeId: r.schemeId,
  orientation: r.orientation,
  title: r.title,
  description: r.description,
  status: r.status as ActionStatus,
  startedOn: fromColumns(r.startedOn, r.startedOnPrecision),
  completedOn: fromColumns(r.completedOn, r.completedOnPrecision),
});

function actionColumns(a: SchemeAction) {
  const started = dateColumns(a.startedOn);
  const completed = dateColumns(a.completedOn);
  return {
    orientation: a.orientation,
    title: a.title,
    description: a.description,
    status: a.status,
    startedOn: started.value,
    startedOnPrecision: started.precision,
    completedOn: completed.value,
    completedOnPrecision: completed.precision,
  };
}

export async function insertActions(tx: Tx, territoryId: string, actions: readonly SchemeAction[]): Promise<void> {
  const rows = actions.map((a) => ({ territoryId, id: a.id, schemeId: a.schemeId, ...actionColumns(a) }));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(schemeActions).values(rows.slice(i, i + BATCH));
}

export async function updateAction(tx: Tx, territoryId: string, action: SchemeAction): Promise<void> {
  await tx
    .update(schemeActions)
    .set({ ...actionColumns(action), updatedAt: sql`now()` })
    .where(and(eq(schemeActions.territoryId, territoryId), eq(schemeActions.id, action.id)));
}

/** A scheme's actions by orientation, then start, then title. */
export async function listActions(tx: Tx, territoryId: string, schemeId: string): Promise<SchemeAction[]> {
  const found = await tx
    .select()
    .from(schemeActions)
    .where(and(eq(schemeActions.territoryId, territoryId), eq(schemeActions.schemeId, schemeId)))
    .orderBy(sql`${schemeActions.orientation} nulls last`, sql`${schemeActions.startedOn} nulls last`, asc(schemeActions.title));
  return found.map(toAction);
}

export async function listOpinions(tx: Tx, territoryId: string, schemeId: string): Promise<RecordedOpinion[]> {
  const found = await tx.select().from(schemeOpinions).where(and(eq(schemeOpinions.territoryId, territoryId), eq(schemeOpinions.schemeId, schemeId)));
  return found.map((r) => ({ id: r.id, collectivityId: r.collectivityId, opinion: r.opinion as Opinion, givenOn: r.givenOn, deliberationReference: r.deliberationReference }));
}

export async function insertOpinions(tx: Tx, territoryId: string, schemeId: string, opinions: readonly RecordedOpinion[]): Promise<void> {
  const rows = opinions.map((o) => ({ territoryId, schemeId, ...o }));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(schemeOpinions).values(rows.slice(i, i + BATCH));
}

export async function updateOpinion(tx: Tx, territoryId: string, opinion: RecordedOpinion): Promise<void> {
  await tx
    .update(schemeOpinions)
    .set({ opinion: opinion.opinion, givenOn: opinion.givenOn, deliberationReference: opinion.deliberationReference, updatedAt: sql`now()` })
    .where(and(eq(schemeOpinions.territoryId, territoryId), eq(schemeOpinions.id, opinion.id)));
}
