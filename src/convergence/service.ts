import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { ImportError, readTable } from '../platform/imports.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import {
  convergenceTable as buildTable,
  countsByYear,
  participatesOn,
  yearOf,
  type YearCount,
  validateImport,
  validateParticipation,
  validateProject,
  type ConvergenceProject,
  type ConvergenceTable,
  type Participant,
  type Problem,
  type ProjectInput,
  type ValidProject,
} from './model.ts';
import * as store from './store.ts';

export interface ProjectView {
  readonly project: ConvergenceProject;
  readonly participants: readonly Participant[];
}

/** The first problem of a refused input, as the error the user sees (naming its field). */
export function refusal(problems: readonly Problem[]): UserError {
  const first = problems[0]!;
  return new UserError(first.message, 400, first.field);
}

async function collectivitiesById(db: Database, ctx: TerritoryContext): Promise<Map<string, Collectivity>> {
  return new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c]));
}

async function loadProject(tx: Tx, ctx: TerritoryContext, projectId: string): Promise<ProjectView> {
  const project = await store.findProject(tx, ctx.territoryId, projectId);
  if (!project) throw new NotFoundError("Ce projet de convergence n'existe pas dans le territoire.");
  return { project, participants: (await store.listParticipants(tx, ctx.territoryId, [project.id])).get(project.id) ?? [] };
}

/** Every project of the territory with its participants, oldest first. */
export async function listProjects(db: Database, ctx: TerritoryContext): Promise<ProjectView[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const projects = await store.listProjects(tx, ctx.territoryId);
    const participants = await store.listParticipants(tx, ctx.territoryId, null);
    return projects.map((project) => ({ project, participants: participants.get(project.id) ?? [] }));
  });
}

export function projectDetail(db: Database, ctx: TerritoryContext, projectId: string): Promise<ProjectView> {
  return db.transaction(scopeOf(ctx), (tx) => loadProject(tx, ctx, projectId));
}

export interface ConvergenceTableView extends ConvergenceTable {
  /** Each project's participants, by project id: the drill-down of every cell. */
  readonly participants: Readonly<Record<string, readonly Participant[]>>;
}

/**
 * The table of the progress report's part V.3: the projects started by the end of `year`, by category and period
 * ("2016/2017", "2018", "2019"). The report of year N covers the data up to the end of N−1, so it passes N−1.
 */
export async function convergenceTable(db: Database, ctx: TerritoryContext, year: number): Promise<ConvergenceTableView> {
  const views = await listProjects(db, ctx);
  const table = buildTable(
    views.map((v) => v.project),
    year,
  );
  const kept = new Set(table.rows.flatMap((r) => r.cells.flatMap((c) => c.projects.map((p) => p.id))));
  return { ...table, participants: Object.fromEntries(views.filter((v) => kept.has(v.project.id)).map((v) => [v.project.id, v.participants])) };
}

/** The projects a collectivity takes part in on `on` (a commune's dashboard shows what concerns it). */
export async function projectsOf(db: Database, ctx: TerritoryContext, collectivityId: string, on: string): Promise<ProjectView[]> {
  return (await listProjects(db, ctx)).filter((v) => v.participants.some((p) => p.collectivityId === collectivityId && participatesOn(p, on)));
}

/** For the dashboards: per year and category, the projects started and running, from the first project's year to `to`. */
export async function convergenceCounts(db: Database, ctx: TerritoryContext, to: number): Promise<YearCount[]> {
  const projects = (await listProjects(db, ctx)).map((v) => v.project);
  if (projects.length === 0) return [];
  return countsByYear(projects, Math.min(...projects.map((p) => yearOf(p.startedOn))), to);
}

export interface NewProject extends ProjectInput {
  readonly participantIds?: readonly string[] | undefined;
}

/** Records a project, with the collectivities that take part from its start. */
export async function createProject(db: Database, ctx: TerritoryContext, input: NewProject): Promise<ConvergenceProject> {
  const result = validateProject(input);
  if ('problems' in result) throw refusal(result.problems);
  const valid = result.project;
  const participantIds = [...new Set(input.participantIds ?? [])];
  const known = await collectivitiesById(db, ctx);
  if (participantIds.some((id) => !known.has(id))) throw new UserError("Un participant choisi n'est pas une collectivité du registre du territoire.", 400, 'participantIds');
  return db.transaction(scopeOf(ctx), async (tx) => {
    if ((await store.projectTitles(tx, ctx.territoryId)).has(valid.title.toLowerCase())) throw new UserError(`Le projet « ${valid.title} » existe déjà dans le territoire.`, 409, 'title');
    const project: ConvergenceProject = { id: newId(), ...valid };
    const participants = participantIds.map((collectivityId) => ({ id: newId(), projectId: project.id, collectivityId, joinedOn: null, leftOn: null }));
    await store.insertProjects(tx, ctx.territoryId, [project]);
    await store.insertParticipants(tx, ctx.territoryId, participants);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'convergence_projects', entityId: project.id, before: null, after: project },
      ...participants.map((p) => ({ action: 'création', entity: 'convergence_participants', entityId: p.id, before: null, after: p })),
    ]);
    return project;
  });
}

/** Changes a project's category, title, tool, years, status or note. */
export async function updateProject(db: Database, ctx: TerritoryContext, projectId: string, input: ProjectInput): Promise<ConvergenceProject> {
  const result = validateProject(input);
  if ('problems' in result) throw refusal(result.problems);
  const valid = result.project;
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { project: before } = await loadProject(tx, ctx, projectId);
    const other = (await store.projectTitles(tx, ctx.territoryId)).get(valid.title.toLowerCase());
    if (other && other !== projectId) throw new UserError(`Le projet « ${valid.title} » existe déjà dans le territoire.`, 409, 'title');
    const after: ConvergenceProject = { id: projectId, ...valid };
    await store.updateProject(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'convergence_projects', entityId: projectId, before, after }]);
    return after;
  });
}

/** Removes a project entered by mistake, with its participants (a project given up is « Abandonné » instead). */
export async function deleteProject(db: Database, ctx: TerritoryContext, projectId: string): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { project, participants } = await loadProject(tx, ctx, projectId);
    await store.deleteProject(tx, ctx.territoryId, projectId);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      ...participants.map((p) => ({ action: 'suppression', entity: 'convergence_participants', entityId: p.id, before: p, after: null })),
      { action: 'suppression', entity: 'convergence_projects', entityId: projectId, before: project, after: null },
    ]);
  });
}

export interface ParticipationInput {
  readonly joinedOn?: string | null | undefined;
  readonly leftOn?: string | null | undefined;
}

function participation(input: ParticipationInput) {
  const dates = validateParticipation(input.joinedOn, input.leftOn);
  if ('field' in dates) throw new UserError(dates.message, 400, dates.field);
  return dates;
}

/** A collectivity joins a project (from a date, or from its start). */
export async function addParticipant(db: Database, ctx: TerritoryContext, projectId: string, collectivityId: string, input: ParticipationInput = {}): Promise<Participant> {
  const dates = participation(input);
  const known = await collectivitiesById(db, ctx);
  const collectivity = known.get(collectivityId);
  if (!collectivity) throw new UserError("La collectivité choisie n'est pas dans le registre du territoire.", 400, 'collectivityId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { participants } = await loadProject(tx, ctx, projectId);
    if (participants.some((p) => p.collectivityId === collectivityId)) throw new UserError(`${collectivity.name} participe déjà à ce projet.`, 409, 'collectivityId');
    const row = { id: newId(), projectId, collectivityId, ...dates };
    await store.insertParticipants(tx, ctx.territoryId, [row]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'convergence_participants', entityId: row.id, before: null, after: row }]);
    return { ...row, name: collectivity.name, kind: collectivity.kind };
  });
}

/** Changes when a participant joined or left a project. */
export async function changeParticipant(db: Database, ctx: TerritoryContext, projectId: string, participantId: string, input: ParticipationInput): Promise<void> {
  const dates = participation(input);
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { participants } = await loadProject(tx, ctx, projectId);
    const before = participants.find((p) => p.id === participantId);
    if (!before) throw new NotFoundError("Cette collectivité ne participe pas au projet.");
    await store.updateParticipant(tx, ctx.territoryId, participantId, dates);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'convergence_participants', entityId: participantId, before, after: { ...before, ...dates } }]);
  });
}

/** Removes a participant entered by mistake (one that left keeps its row, with the date it left). */
export async function removeParticipant(db: Database, ctx: TerritoryContext, projectId: string, participantId: string): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { participants } = await loadProject(tx, ctx, projectId);
    const before = participants.find((p) => p.id === participantId);
    if (!before) throw new NotFoundError("Cette collectivité ne participe pas au projet.");
    await store.deleteParticipant(tx, ctx.territoryId, participantId);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'suppression', entity: 'convergence_participants', entityId: participantId, before, after: null }]);
  });
}

export interface ImportResult {
  readonly projects: number;
  readonly participants: number;
}

export interface ProjectBatchLine {
  readonly project: ValidProject;
  readonly participants: readonly { collectivityId: string; joinedOn?: string | null; leftOn?: string | null }[];
}

async function insertBatch(tx: Tx, ctx: TerritoryContext, lines: readonly ProjectBatchLine[], action: string): Promise<ImportResult> {
  const projects = lines.map((l) => ({ id: newId(), ...l.project }));
  const participants = lines.flatMap((l, i) => l.participants.map((p) => ({ id: newId(), projectId: projects[i]!.id, collectivityId: p.collectivityId, ...participation(p) })));
  await store.insertProjects(tx, ctx.territoryId, projects);
  await store.insertParticipants(tx, ctx.territoryId, participants);
  await recordAudit(tx, ctx.territoryId, ctx.actor, [
    ...projects.map((p) => ({ action, entity: 'convergence_projects', entityId: p.id, before: null, after: p })),
    ...participants.map((p) => ({ action, entity: 'convergence_participants', entityId: p.id, before: null, after: p })),
  ]);
  return { projects: projects.length, participants: participants.length };
}

/** Records many checked projects at once (the demo territory's table), in one transaction with their audit entries. */
export async function recordProjects(db: Database, ctx: TerritoryContext, inputs: readonly (ProjectInput & { participants: ProjectBatchLine['participants'] })[]): Promise<ImportResult> {
  const lines = inputs.map((input) => {
    const result = validateProject(input);
    if ('problems' in result) throw refusal(result.problems);
    return { project: result.project, participants: input.participants };
  });
  const known = await collectivitiesById(db, ctx);
  if (lines.some((l) => l.participants.some((p) => !known.has(p.collectivityId)))) throw new UserError("Un participant n'est pas une collectivité du registre du territoire.", 400, 'participantIds');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const titles = await store.projectTitles(tx, ctx.territoryId);
    const taken = lines.find((l) => titles.has(l.project.title.toLowerCase()));
    if (taken) throw new UserError(`Le projet « ${taken.project.title} » existe déjà dans le territoire.`, 409, 'title');
    return insertBatch(tx, ctx, lines, 'création');
  });
}

/**
 * Imports projects from a CSV or XLSX file (columns: categorie, intitule, outil, debut, fin, etat, participants,
 * remarque). All or nothing: every problem is reported with its line and column, and nothing is written.
 */
export async function importProjects(db: Database, ctx: TerritoryContext, bytes: Uint8Array): Promise<ImportResult> {
  const table = await readTable(bytes);
  const register = await territory.listCollectivities(db, ctx);
  const byCode = new Map<string, string>();
  for (const c of register) {
    if (c.inseeCode) byCode.set(c.inseeCode, c.id);
    if (c.siren) byCode.set(c.siren, c.id);
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const existing = new Set((await store.projectTitles(tx, ctx.territoryId)).keys());
    const result = validateImport(table.columns, table.records, (code) => byCode.get(code) ?? null, existing);
    if ('problems' in result) throw new ImportError(result.problems);
    return insertBatch(
      tx,
      ctx,
      result.lines.map((l) => ({ project: l.project, participants: l.participantIds.map((collectivityId) => ({ collectivityId })) })),
      'import',
    );
  });
}
