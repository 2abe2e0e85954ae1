import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import { collectivities } from '../territory/tables.ts';
import { convergenceParticipants, convergenceProjects } from './tables.ts';
import { firstDay, fromColumns, type Category, type ConvergenceProject, type Participant, type ProjectStatus } from './model.ts';
import type { LegalDate } from '../platform/format.ts';

// All SQL of the convergence module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
const NO_ID = '00000000-0000-0000-0000-000000000000';

type ProjectRow = typeof convergenceProjects.$inferSelect;
const toProject = (r: ProjectRow): ConvergenceProject => ({
  id: r.id,
  category: r.category as Category,
  title: r.title,
  tool: r.tool,
  startedOn: fromColumns(r.startedOn, r.startedOnPrecision)!,
  endedOn: fromColumns(r.endedOn, r.endedOnPrecision),
  status: r.status as ProjectStatus,
  note: r.note,
});

const dateColumns = (date: LegalDate | null) => ({ value: date ? firstDay(date) : null, precision: date?.precision ?? null });

function projectColumns(p: ConvergenceProject) {
  const ended = dateColumns(p.endedOn);
  return {
    category: p.category,
    title: p.title,
    tool: p.tool,
    startedOn: firstDay(p.startedOn),
    startedOnPrecision: p.startedOn.precision,
    endedOn: ended.value,
    endedOnPrecision: ended.precision,
    status: p.status,
    note: p.note,
  };
}

export async function insertProjects(tx: Tx, territoryId: string, projects: readonly ConvergenceProject[]): Promise<void> {
  const rows = projects.map((p) => ({ territoryId, id: p.id, ...projectColumns(p) }));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(convergenceProjects).values(rows.slice(i, i + BATCH));
}

export async function updateProject(tx: Tx, territoryId: string, project: ConvergenceProject): Promise<void> {
  await tx
    .update(convergenceProjects)
    .set({ ...projectColumns(project), updatedAt: sql`now()` })
    .where(and(eq(convergenceProjects.territoryId, territoryId), eq(convergenceProjects.id, project.id)));
}

export async function deleteProject(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx.delete(convergenceParticipants).where(and(eq(convergenceParticipants.territoryId, territoryId), eq(convergenceParticipants.projectId, id)));
  await tx.delete(convergenceProjects).where(and(eq(convergenceProjects.territoryId, territoryId), eq(convergenceProjects.id, id)));
}

export async function listProjects(tx: Tx, territoryId: string): Promise<ConvergenceProject[]> {
  const found = await tx.select().from(convergenceProjects).where(eq(convergenceProjects.territoryId, territoryId)).orderBy(asc(convergenceProjects.startedOn), asc(convergenceProjects.title));
  return found.map(toProject);
}

export async function findProject(tx: Tx, territoryId: string, id: string): Promise<ConvergenceProject | null> {
  const [row] = await tx.select().from(convergenceProjects).where(and(eq(convergenceProjects.territoryId, territoryId), eq(convergenceProjects.id, id)));
  return row ? toProject(row) : null;
}

/** The territory's titles, lower-cased: a title names one project. */
export async function projectTitles(tx: Tx, territoryId: string): Promise<Map<string, string>> {
  const found = await tx.select({ id: convergenceProjects.id, title: convergenceProjects.title }).from(convergenceProjects).where(eq(convergenceProjects.territoryId, territoryId));
  return new Map(found.map((r) => [r.title.toLowerCase(), r.id]));
}

export interface ParticipantInsert {
  readonly id: string;
  readonly projectId: string;
  readonly collectivityId: string;
  readonly joinedOn: LegalDate | null;
  readonly leftOn: LegalDate | null;
}

function participantColumns(p: Pick<ParticipantInsert, 'joinedOn' | 'leftOn'>) {
  const joined = dateColumns(p.joinedOn);
  const left = dateColumns(p.leftOn);
  return { joinedOn: joined.value, joinedOnPrecision: joined.precision, leftOn: left.value, leftOnPrecision: left.precision };
}

export async function insertParticipants(tx: Tx, territoryId: string, participants: readonly ParticipantInsert[]): Promise<void> {
  const rows = participants.map((p) => ({ territoryId, id: p.id, projectId: p.projectId, collectivityId: p.collectivityId, ...participantColumns(p) }));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(convergenceParticipants).values(rows.slice(i, i + BATCH));
}

export async function updateParticipant(tx: Tx, territoryId: string, id: string, dates: Pick<ParticipantInsert, 'joinedOn' | 'leftOn'>): Promise<void> {
  await tx
    .update(convergenceParticipants)
    .set({ ...participantColumns(dates), updatedAt: sql`now()` })
    .where(and(eq(convergenceParticipants.territoryId, territoryId), eq(convergenceParticipants.id, id)));
}

export async function deleteParticipant(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx.delete(convergenceParticipants).where(and(eq(convergenceParticipants.territoryId, territoryId), eq(convergenceParticipants.id, id)));
}

/** Participants of the projects (all projects when null), with the collectivity's name, by project id. */
export async function listParticipants(tx: Tx, territoryId: string, projectIds: readonly string[] | null): Promise<Map<string, Participant[]>> {
  const found = await tx
    .select({ p: convergenceParticipants, name: collectivities.name, kind: collectivities.kind })
    .from(convergenceParticipants)
    .innerJoin(collectivities, and(eq(collectivities.territoryId, convergenceParticipants.territoryId), eq(collectivities.id, convergenceParticipants.collectivityId)))
    .where(and(eq(convergenceParticipants.territoryId, territoryId), projectIds === null ? undefined : inArray(convergenceParticipants.projectId, projectIds.length ? [...projectIds] : [NO_ID])))
    .orderBy(sql`case ${collectivities.kind} when 'epci' then 0 else 1 end`, asc(collectivities.name));
  const byProject = new Map<string, Participant[]>();
  for (const r of found) {
    const participant: Participant = {
      id: r.p.id,
      projectId: r.p.projectId,
      collectivityId: r.p.collectivityId,
      name: r.name,
      kind: r.kind,
      joinedOn: fromColumns(r.p.joinedOn, r.p.joinedOnPrecision),
      leftOn: fromColumns(r.p.leftOn, r.p.leftOnPrecision),
    };
    byProject.set(r.p.projectId, [...(byProject.get(r.p.projectId) ?? []), participant]);
  }
  return byProject;
}
