/** A collectivity's projects, the aids each targets and what was obtained; the EPCI's overview per year. */
import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { isUuid, newId } from '../platform/ids.ts';
import { Cents } from '../platform/money.ts';
import { ForbiddenError, NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate, parseLegalDate } from '../platform/format.ts';
import { contributionDecisionDate, contributionProblem } from './contribution.ts';
import {
  FUNDING_STATUSES,
  PROJECT_STAGES,
  PROJECT_TYPE_CODES,
  SPENDING_KINDS,
  type DeliberationRef,
  type FundingScheme,
  type FundingStatus,
  type Project,
  type ProjectFunding,
} from './model.ts';
import * as store from './store.ts';

export type { ObtainedRow } from './store.ts';

export interface ProjectInput {
  readonly title?: string | undefined;
  readonly projectType?: string | undefined;
  readonly stage?: string | undefined;
  readonly spendingKind?: string | undefined;
  /** Euros as typed: "120 000" or "120000,50". */
  readonly estimatedCost?: string | undefined;
  readonly description?: string | null | undefined;
}

function checkProject(input: ProjectInput): Omit<Project, 'id' | 'collectivityId'> {
  const title = (input.title ?? '').trim();
  if (!title || title.length > 200) throw new UserError('Le champ « intitulé du projet » doit contenir entre 1 et 200 caractères.', 400, 'title');
  if (!(PROJECT_TYPE_CODES as readonly string[]).includes(input.projectType ?? '')) throw new UserError('Le champ « typologie du projet » doit désigner une typologie de la liste.', 400, 'projectType');
  if (!(PROJECT_STAGES as readonly string[]).includes(input.stage ?? '')) throw new UserError('Le champ « étape du projet » doit valoir réflexion, réalisation ou usage.', 400, 'stage');
  if (!(SPENDING_KINDS as readonly string[]).includes(input.spendingKind ?? '')) throw new UserError('Le champ « nature des dépenses » doit valoir fonctionnement ou investissement.', 400, 'spendingKind');
  const cost = Cents.parseEuros(input.estimatedCost ?? '');
  if (cost === null || cost < 0) throw new UserError('Le champ « coût estimé » doit être un montant en euros (par exemple 120 000 ou 120000,50).', 400, 'estimatedCost');
  const description = input.description?.trim() || null;
  if (description && description.length > 5000) throw new UserError('Le champ « description » doit contenir au plus 5 000 caractères.', 400, 'description');
  return { title, projectType: input.projectType as Project['projectType'], stage: input.stage as Project['stage'], spendingKind: input.spendingKind as Project['spendingKind'], estimatedCostCents: cost, description };
}

export async function createProject(db: Database, ctx: TerritoryContext, collectivityId: string, input: ProjectInput): Promise<Project> {
  const checked = checkProject(input);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const project: Project = { ...checked, id: newId(), collectivityId };
    await store.insertProjects(tx, ctx.territoryId, [project]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'projects', entityId: project.id, before: null, after: project }]);
    return project;
  });
}

export interface FundingView extends ProjectFunding {
  readonly scheme: Pick<FundingScheme, 'id' | 'name' | 'funders' | 'level' | 'fundingContribution' | 'deadline' | 'status'>;
}

export interface ProjectView {
  readonly project: Project;
  readonly fundings: readonly FundingView[];
  readonly obtainedCents: Cents;
}

async function views(tx: Tx, territoryId: string, list: readonly Project[]): Promise<ProjectView[]> {
  const fundings = await store.listFundings(tx, territoryId, list.map((p) => p.id));
  const schemes = new Map((await store.listSchemes(tx, territoryId, [...new Set(fundings.map((f) => f.schemeId))])).map((s) => [s.id, s]));
  return list.map((project) => {
    const own = fundings.filter((f) => f.projectId === project.id).map((f) => ({ ...f, scheme: schemes.get(f.schemeId)! }));
    return { project, fundings: own, obtainedCents: Cents.sum(own.map((f) => (f.status === 'obtained' ? (f.obtainedCents ?? Cents.zero) : Cents.zero))) };
  });
}

export async function projectsOf(db: Database, ctx: TerritoryContext, collectivityId: string): Promise<ProjectView[]> {
  return db.transaction(scopeOf(ctx), async (tx) => views(tx, ctx.territoryId, await store.listProjects(tx, ctx.territoryId, collectivityId)));
}

/** Every collectivity's projects (the EPCI's overview). */
export async function allProjects(db: Database, ctx: TerritoryContext): Promise<ProjectView[]> {
  return db.transaction(scopeOf(ctx), async (tx) => views(tx, ctx.territoryId, await store.listProjects(tx, ctx.territoryId)));
}

async function ownProject(tx: Tx, ctx: TerritoryContext, collectivityId: string, projectId: string): Promise<Project> {
  const project = isUuid(projectId) ? await store.findProject(tx, ctx.territoryId, projectId) : null;
  // A project of another collectivity is not found under this one.
  if (!project || project.collectivityId !== collectivityId) throw new NotFoundError("Ce projet n'existe pas pour cette collectivité.");
  return project;
}

export async function projectDetail(db: Database, ctx: TerritoryContext, collectivityId: string, projectId: string): Promise<ProjectView> {
  return db.transaction(scopeOf(ctx), async (tx) => (await views(tx, ctx.territoryId, [await ownProject(tx, ctx, collectivityId, projectId)]))[0]!);
}

/** The project targets an aid: it is "to study" until an application is filed. */
export async function targetScheme(db: Database, ctx: TerritoryContext, collectivityId: string, projectId: string, schemeId: string): Promise<ProjectFunding> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const project = await ownProject(tx, ctx, collectivityId, projectId);
    const scheme = isUuid(schemeId) ? await store.findScheme(tx, ctx.territoryId, schemeId) : null;
    if (!scheme || scheme.status === 'draft') throw new UserError("Le champ « aide » doit désigner une aide publiée du territoire.", 400, 'schemeId');
    const existing = await store.listFundings(tx, ctx.territoryId, [project.id]);
    if (existing.some((f) => f.schemeId === scheme.id)) throw new UserError(`Le projet cible déjà l'aide « ${scheme.name} ».`, 409, 'schemeId');
    const funding: ProjectFunding = { id: newId(), projectId: project.id, schemeId: scheme.id, status: 'toStudy', requestedCents: null, obtainedCents: null, decidedOn: null, note: null, epciDeliberation: null, communeDeliberation: null };
    await store.insertFundings(tx, ctx.territoryId, [funding]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'project_fundings', entityId: funding.id, before: null, after: funding }]);
    return funding;
  });
}

export interface FundingInput {
  readonly status?: string | null | undefined;
  readonly requested?: string | null | undefined;
  readonly obtained?: string | null | undefined;
  /** "2018", "2019-04" or "2019-04-12". */
  readonly decidedOn?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly epciBody?: string | null | undefined;
  readonly epciDate?: string | null | undefined;
  readonly epciReference?: string | null | undefined;
  readonly communeBody?: string | null | undefined;
  readonly communeDate?: string | null | undefined;
  readonly communeReference?: string | null | undefined;
}

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

function money(v: string | null | undefined, field: string, label: string): Cents | null {
  const t = blank(v);
  if (t === null) return null;
  const c = Cents.parseEuros(t);
  if (c === null || c < 0) throw new UserError(`Le champ « ${label} » doit être un montant en euros.`, 400, field);
  return c;
}

function deliberation(body: string | null | undefined, date: string | null | undefined, reference: string | null | undefined, side: 'epci' | 'commune'): DeliberationRef | null {
  const [b, d, r] = [blank(body), blank(date), blank(reference)];
  if (b === null && d === null && r === null) return null;
  const who = side === 'epci' ? "de l'EPCI" : 'de la commune';
  if (b === null || b.length > 200) throw new UserError(`Le champ « instance ${who} » est obligatoire avec une délibération.`, 400, `${side}Body`);
  if (d === null || !isCalendarDate(d)) throw new UserError(`Le champ « date de la délibération ${who} » doit être une date valide (AAAA-MM-JJ).`, 400, `${side}Date`);
  if (r === null || r.length > 60) throw new UserError(`Le champ « référence de la délibération ${who} » est obligatoire (60 caractères au plus).`, 400, `${side}Reference`);
  return { body: b, date: d, reference: r, deliberationId: null };
}

/** Checks a change of a targeted aid against its project, its scheme and the project's other aids. */
function checkFunding(before: ProjectFunding, input: CheckedFundingInput, project: Project, scheme: FundingScheme, others: readonly ProjectFunding[], mayGrantContribution: boolean): ProjectFunding {
  const { status, requestedCents, obtainedCents, epciDeliberation, communeDeliberation, note } = input;
  let decidedOn = null;
  if (status === 'obtained' || status === 'refused') {
    if (scheme.fundingContribution && status === 'obtained') {
      if (!mayGrantContribution) throw new ForbiddenError("Seuls la mission mutualisation et les finances de l'EPCI enregistrent l'attribution d'un fonds de concours.");
      const otherSubsidies = Cents.sum(others.filter((f) => f.id !== before.id && f.status === 'obtained').map((f) => f.obtainedCents ?? Cents.zero));
      const problem = contributionProblem({ amountCents: obtainedCents, projectCostCents: project.estimatedCostCents, otherSubsidiesCents: otherSubsidies, epciDeliberation, communeDeliberation });
      if (problem) throw new UserError(problem.message, 400, problem.field);
      decidedOn = { value: contributionDecisionDate(epciDeliberation!, communeDeliberation!), precision: 'day' as const };
    } else {
      const parsed = parseLegalDate(input.decidedOn ?? '');
      if (!parsed) throw new UserError('Le champ « date de la décision » doit être une année, un mois ou une date (2018, 2019-04 ou 2019-04-12).', 400, 'decidedOn');
      decidedOn = parsed;
    }
    if (status === 'obtained' && (obtainedCents === null || obtainedCents <= 0)) throw new UserError('Le champ « montant obtenu » est obligatoire pour une aide obtenue.', 400, 'obtainedCents');
    if (status === 'obtained' && scheme.maxAidCents !== null && obtainedCents! > scheme.maxAidCents) {
      throw new UserError(`Le montant obtenu dépasse le plafond de l'aide « ${scheme.name} ».`, 400, 'obtainedCents');
    }
  }
  return { ...before, status, requestedCents, obtainedCents: status === 'obtained' ? obtainedCents : null, decidedOn, note, epciDeliberation, communeDeliberation };
}

interface CheckedFundingInput {
  readonly status: FundingStatus;
  readonly requestedCents: Cents | null;
  readonly obtainedCents: Cents | null;
  readonly decidedOn: string | null;
  readonly note: string | null;
  readonly epciDeliberation: DeliberationRef | null;
  readonly communeDeliberation: DeliberationRef | null;
}

/** The typed fields of a targeted aid, checked on their own (before the project and scheme are read). */
function checkFundingInput(input: FundingInput): CheckedFundingInput {
  if (!(FUNDING_STATUSES as readonly string[]).includes(input.status ?? '')) throw new UserError('Le champ « état de la demande » doit valoir à étudier, déposée, obtenue ou refusée.', 400, 'status');
  const note = blank(input.note);
  if (note && note.length > 2000) throw new UserError('Le champ « note » doit contenir au plus 2 000 caractères.', 400, 'note');
  return {
    status: input.status as FundingStatus,
    requestedCents: money(input.requested, 'requested', 'montant demandé'),
    obtainedCents: input.status === 'obtained' ? money(input.obtained, 'obtainedCents', 'montant obtenu') : null,
    decidedOn: blank(input.decidedOn),
    note,
    epciDeliberation: deliberation(input.epciBody, input.epciDate, input.epciReference, 'epci'),
    communeDeliberation: deliberation(input.communeBody, input.communeDate, input.communeReference, 'commune'),
  };
}

/**
 * Where the application stands. Obtained: the amount and decision date; for the EPCI's own fonds de concours,
 * both concordant deliberations and the ceiling, recorded only by those who may grant one.
 */
export async function updateFunding(db: Database, ctx: TerritoryContext, collectivityId: string, projectId: string, fundingId: string, input: FundingInput, mayGrantContribution: boolean): Promise<ProjectFunding> {
  const checked = checkFundingInput(input);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const project = await ownProject(tx, ctx, collectivityId, projectId);
    const all = await store.listFundings(tx, ctx.territoryId, [project.id]);
    const before = isUuid(fundingId) ? all.find((f) => f.id === fundingId) : undefined;
    if (!before) throw new NotFoundError("Cette aide n'est pas ciblée par ce projet.");
    const scheme = (await store.findScheme(tx, ctx.territoryId, before.schemeId))!;
    const after = checkFunding(before, checked, project, scheme, all, mayGrantContribution);
    await store.updateFunding(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'project_fundings', entityId: after.id, before, after }]);
    return after;
  });
}

/** A project with the aids it targets and where each stands, as a loader gives them (demo data, imports). */
export interface ProjectRecord {
  readonly collectivityId: string;
  readonly project: ProjectInput;
  readonly fundings: readonly ({ readonly schemeId: string } & FundingInput)[];
}

/** Records many projects and their aids in one transaction, each checked as the forms check it. */
export async function recordProjects(db: Database, ctx: TerritoryContext, records: readonly ProjectRecord[], mayGrantContribution: boolean): Promise<Project[]> {
  const checked = records.map((r) => ({ r, project: { ...checkProject(r.project), id: newId(), collectivityId: r.collectivityId }, fundings: r.fundings.map((f) => ({ schemeId: f.schemeId, input: checkFundingInput(f) })) }));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const schemes = new Map((await store.listSchemes(tx, ctx.territoryId)).map((s) => [s.id, s]));
    const projectsOut: Project[] = [];
    const fundingsOut: ProjectFunding[] = [];
    for (const { project, fundings } of checked) {
      const done: ProjectFunding[] = [];
      for (const { schemeId, input } of fundings) {
        const scheme = schemes.get(schemeId);
        if (!scheme || scheme.status === 'draft') throw new UserError("Le champ « aide » doit désigner une aide publiée du territoire.", 400, 'schemeId');
        const fresh: ProjectFunding = { id: newId(), projectId: project.id, schemeId, status: 'toStudy', requestedCents: null, obtainedCents: null, decidedOn: null, note: null, epciDeliberation: null, communeDeliberation: null };
        done.push(checkFunding(fresh, input, project, scheme, done, mayGrantContribution));
      }
      projectsOut.push(project);
      fundingsOut.push(...done);
    }
    await store.insertProjects(tx, ctx.territoryId, projectsOut);
    await store.insertFundings(tx, ctx.territoryId, fundingsOut);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      ...projectsOut.map((p) => ({ action: 'création', entity: 'projects', entityId: p.id, before: null, after: p })),
      ...fundingsOut.map((f) => ({ action: 'création', entity: 'project_fundings', entityId: f.id, before: null, after: f })),
    ]);
    return projectsOut;
  });
}

/** The aids obtained by the territory's collectivities, by decision year (the yearly report lists them). */
export function obtainedAids(db: Database, ctx: TerritoryContext, year?: number): Promise<store.ObtainedRow[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listObtained(tx, ctx.territoryId, year));
}

/** Funding obtained per year: total and count, years in order. */
export function obtainedPerYear(rows: readonly store.ObtainedRow[]): { year: number; totalCents: Cents; count: number }[] {
  const byYear = new Map<number, { totalCents: Cents; count: number }>();
  for (const r of rows) {
    const y = byYear.get(r.year) ?? { totalCents: Cents.zero, count: 0 };
    byYear.set(r.year, { totalCents: Cents.of(y.totalCents + r.amountCents), count: y.count + 1 });
  }
  return [...byYear.entries()].sort(([a], [b]) => a - b).map(([year, v]) => ({ year, ...v }));
}
