import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { parisToday } from '../platform/clock.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import {
  communeOpinions,
  countActions,
  opinionDeadline,
  opinionProblem,
  OPINIONS,
  tallyOpinions,
  validateAction,
  validateScheme,
  type ActionCounts,
  type ActionInput,
  type CommuneOpinion,
  type Opinion,
  type OpinionTally,
  type PoolingScheme,
  type Problem,
  type RecordedOpinion,
  type SchemeAction,
  type SchemeInput,
} from './model.ts';
import * as store from './store.ts';

const refusal = (problems: readonly Problem[]) => new UserError(problems[0]!.message, 400, problems[0]!.field);

async function loadScheme(tx: Tx, ctx: TerritoryContext, schemeId: string): Promise<PoolingScheme> {
  const scheme = await store.findScheme(tx, ctx.territoryId, schemeId);
  if (!scheme) throw new NotFoundError("Ce schéma de mutualisation n'existe pas dans le territoire.");
  return scheme;
}

/** The territory's schemes, the most recently adopted first. */
export function listSchemes(db: Database, ctx: TerritoryContext): Promise<PoolingScheme[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listSchemes(tx, ctx.territoryId));
}

/** The scheme in force: the most recently adopted one, else the draft being prepared; null when there is none. */
export async function currentScheme(db: Database, ctx: TerritoryContext): Promise<PoolingScheme | null> {
  const schemes = await listSchemes(db, ctx);
  return schemes.find((s) => s.adoptedOn !== null) ?? schemes[0] ?? null;
}

export interface Consultation {
  /** The last day to answer (three months after the draft was sent), or null when it was not sent. */
  readonly deadline: string | null;
  /** The day the list of consulted communes is read at. */
  readonly membersOn: string;
  /** True when the register knows no member on the day the draft was sent: the members of the real today are shown. */
  readonly membersToday: boolean;
  readonly opinions: readonly CommuneOpinion[];
  readonly tally: OpinionTally;
}

/** The communes consulted on the scheme (the member communes when the draft was sent) and where their opinions stand. */
async function consultation(db: Database, ctx: TerritoryContext, scheme: PoolingScheme, recorded: readonly RecordedOpinion[], today: string): Promise<Consultation> {
  const sentOn = scheme.sentToCommunesOn;
  const now = parisToday();
  let membersOn = sentOn ?? now;
  let communes = await territory.listCommunes(db, ctx, { on: membersOn });
  const membersToday = communes.length === 0 && membersOn !== now;
  if (membersToday) {
    membersOn = now;
    communes = await territory.listCommunes(db, ctx, { on: now });
  }
  const opinions = communeOpinions(communes, recorded, sentOn, today);
  return { deadline: sentOn ? opinionDeadline(sentOn) : null, membersOn, membersToday, opinions, tally: tallyOpinions(opinions) };
}

export interface SchemeDetail {
  readonly scheme: PoolingScheme;
  readonly actions: readonly SchemeAction[];
  readonly counts: ActionCounts;
  readonly consultation: Consultation;
}

/** A scheme with its actions and each consulted commune's opinion on `today` (silence counts after three months). */
export async function schemeDetail(db: Database, ctx: TerritoryContext, schemeId: string, today: string = parisToday()): Promise<SchemeDetail> {
  const { scheme, actions, recorded } = await db.transaction(scopeOf(ctx), async (tx) => {
    const scheme = await loadScheme(tx, ctx, schemeId);
    return { scheme, actions: await store.listActions(tx, ctx.territoryId, scheme.id), recorded: await store.listOpinions(tx, ctx.territoryId, scheme.id) };
  });
  return { scheme, actions, counts: countActions(actions), consultation: await consultation(db, ctx, scheme, recorded, today) };
}

export interface OrientationSummary {
  readonly number: number;
  readonly text: string;
  readonly actions: readonly SchemeAction[];
  readonly counts: ActionCounts;
}

export interface PoolingSchemeSummary {
  readonly scheme: PoolingScheme;
  readonly orientations: readonly OrientationSummary[];
  /** Actions attached to no orientation. */
  readonly otherActions: readonly SchemeAction[];
  readonly counts: ActionCounts;
  readonly consultation: Consultation;
}

/**
 * What the progress report says of the scheme in force (its parts I and II): adoption, orientations with their
 * actions and statuses, principles, and the communes' opinions on `on`. Null when the territory has no scheme.
 */
export async function poolingSchemeSummary(db: Database, ctx: TerritoryContext, on: string = parisToday()): Promise<PoolingSchemeSummary | null> {
  const current = await currentScheme(db, ctx);
  if (!current) return null;
  const detail = await schemeDetail(db, ctx, current.id, on);
  const orientations = detail.scheme.orientations.map((text, i) => {
    const actions = detail.actions.filter((a) => a.orientation === i + 1);
    return { number: i + 1, text, actions, counts: countActions(actions) };
  });
  return { scheme: detail.scheme, orientations, otherActions: detail.actions.filter((a) => a.orientation === null), counts: detail.counts, consultation: detail.consultation };
}

/** Records a scheme (a draft, or one already adopted). */
export async function createScheme(db: Database, ctx: TerritoryContext, input: SchemeInput): Promise<PoolingScheme> {
  const result = validateScheme(input);
  if ('problems' in result) throw refusal(result.problems);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const scheme: PoolingScheme = { id: newId(), ...result.scheme };
    await store.insertScheme(tx, ctx.territoryId, scheme);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'pooling_schemes', entityId: scheme.id, before: null, after: scheme }]);
    return scheme;
  });
}

/** Changes the scheme: its dates, orientations, principles. An orientation that actions serve cannot be removed. */
export async function updateScheme(db: Database, ctx: TerritoryContext, schemeId: string, input: SchemeInput): Promise<PoolingScheme> {
  const result = validateScheme(input);
  if ('problems' in result) throw refusal(result.problems);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await loadScheme(tx, ctx, schemeId);
    const actions = await store.listActions(tx, ctx.territoryId, schemeId);
    const highest = Math.max(0, ...actions.map((a) => a.orientation ?? 0));
    if (highest > result.scheme.orientations.length) throw new UserError(`Le champ « orientations » : l'orientation n° ${highest} porte des actions, elle ne peut être retirée.`, 409, 'orientations');
    const opinions = await store.listOpinions(tx, ctx.territoryId, schemeId);
    const sent = result.scheme.sentToCommunesOn;
    if (opinions.length > 0 && (!sent || opinions.some((o) => o.givenOn < sent))) throw new UserError('Le champ « transmis aux communes le » : des avis sont déjà enregistrés avant cette date.', 409, 'sentToCommunesOn');
    const after: PoolingScheme = { id: schemeId, ...result.scheme };
    await store.updateScheme(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'pooling_schemes', entityId: schemeId, before, after }]);
    return after;
  });
}

/** Adds a planned action to the scheme. */
export async function addAction(db: Database, ctx: TerritoryContext, schemeId: string, input: ActionInput): Promise<SchemeAction> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const scheme = await loadScheme(tx, ctx, schemeId);
    const result = validateAction(input, scheme.orientations.length);
    if ('problems' in result) throw refusal(result.problems);
    const existing = await store.listActions(tx, ctx.territoryId, schemeId);
    if (existing.some((a) => a.title.toLowerCase() === result.action.title.toLowerCase())) throw new UserError(`L'action « ${result.action.title} » figure déjà au schéma.`, 409, 'title');
    const action: SchemeAction = { id: newId(), schemeId, ...result.action };
    await store.insertActions(tx, ctx.territoryId, [action]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'scheme_actions', entityId: action.id, before: null, after: action }]);
    return action;
  });
}

/** Changes an action: its status (planned, in progress, done, abandoned), dates, orientation or wording. */
export async function updateAction(db: Database, ctx: TerritoryContext, schemeId: string, actionId: string, input: ActionInput): Promise<SchemeAction> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const scheme = await loadScheme(tx, ctx, schemeId);
    const actions = await store.listActions(tx, ctx.territoryId, schemeId);
    const before = actions.find((a) => a.id === actionId);
    if (!before) throw new NotFoundError("Cette action n'appartient pas au schéma.");
    const result = validateAction(input, scheme.orientations.length);
    if ('problems' in result) throw refusal(result.problems);
    if (actions.some((a) => a.id !== actionId && a.title.toLowerCase() === result.action.title.toLowerCase())) throw new UserError(`L'action « ${result.action.title} » figure déjà au schéma.`, 409, 'title');
    const after: SchemeAction = { id: actionId, schemeId, ...result.action };
    await store.updateAction(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'scheme_actions', entityId: actionId, before, after }]);
    return after;
  });
}

export interface OpinionInput {
  readonly collectivityId: string;
  readonly opinion: string;
  readonly givenOn: string;
  readonly deliberationReference?: string | null | undefined;
}

/** Records (or corrects) a commune council's opinion on the scheme; `today` refuses a date in the future. */
export async function recordOpinion(db: Database, ctx: TerritoryContext, schemeId: string, input: OpinionInput, today: string = parisToday()): Promise<RecordedOpinion> {
  if (!(OPINIONS as readonly string[]).includes(input.opinion)) throw new UserError('Le champ « avis » doit valoir « Favorable » ou « Défavorable ».', 400, 'opinion');
  const reference = input.deliberationReference?.trim() || null;
  if (reference && reference.length > 100) throw new UserError('Le champ « délibération » : 100 caractères au plus.', 400, 'deliberationReference');
  const communes = await territory.communeIds(db, ctx);
  if (!communes.has(input.collectivityId)) throw new UserError("Le champ « commune » doit désigner une commune du territoire.", 400, 'collectivityId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const scheme = await loadScheme(tx, ctx, schemeId);
    const problem = opinionProblem(scheme.sentToCommunesOn, input.givenOn, today);
    if (problem) throw new UserError(problem.message, problem.field === 'givenOn' && !scheme.sentToCommunesOn ? 409 : 400, problem.field);
    const before = (await store.listOpinions(tx, ctx.territoryId, schemeId)).find((o) => o.collectivityId === input.collectivityId) ?? null;
    const after: RecordedOpinion = { id: before?.id ?? newId(), collectivityId: input.collectivityId, opinion: input.opinion as Opinion, givenOn: input.givenOn, deliberationReference: reference };
    if (before) await store.updateOpinion(tx, ctx.territoryId, after);
    else await store.insertOpinions(tx, ctx.territoryId, schemeId, [after]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: before ? 'modification' : 'création', entity: 'scheme_opinions', entityId: after.id, before, after: { ...after, schemeId } }]);
    return after;
  });
}

/** Loads many actions and opinions at once (the demo's part I–II), in one transaction with their audit entries. */
export async function recordSchemeHistory(db: Database, ctx: TerritoryContext, schemeId: string, actions: readonly ActionInput[], opinions: readonly OpinionInput[], today: string = parisToday()): Promise<void> {
  const communes = await territory.communeIds(db, ctx);
  await db.transaction(scopeOf(ctx), async (tx) => {
    const scheme = await loadScheme(tx, ctx, schemeId);
    const validActions = actions.map((input) => {
      const result = validateAction(input, scheme.orientations.length);
      if ('problems' in result) throw refusal(result.problems);
      return { id: newId(), schemeId, ...result.action };
    });
    const validOpinions = opinions.map((o) => {
      const problem = opinionProblem(scheme.sentToCommunesOn, o.givenOn, today);
      if (problem) throw new UserError(problem.message, 400, problem.field);
      if (!communes.has(o.collectivityId) || !(OPINIONS as readonly string[]).includes(o.opinion)) throw new UserError("Un avis ne désigne pas une commune du territoire ou n'est ni « Favorable » ni « Défavorable ».", 400, 'opinion');
      return { id: newId(), collectivityId: o.collectivityId, opinion: o.opinion as Opinion, givenOn: o.givenOn, deliberationReference: o.deliberationReference ?? null };
    });
    await store.insertActions(tx, ctx.territoryId, validActions);
    await store.insertOpinions(tx, ctx.territoryId, schemeId, validOpinions);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      ...validActions.map((a) => ({ action: 'création', entity: 'scheme_actions', entityId: a.id, before: null, after: a })),
      ...validOpinions.map((o) => ({ action: 'création', entity: 'scheme_opinions', entityId: o.id, before: null, after: { ...o, schemeId } })),
    ]);
  });
}
