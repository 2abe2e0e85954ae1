import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { formatDate, isCalendarDate } from '../platform/format.ts';
import type { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import {
  coordinatorProblem,
  groupProblems,
  launchProblem,
  needProblem,
  needsOpen,
  signingProblem,
  type CoordinatorMission,
  type GroupMember,
  type Lot,
  type Need,
  type Problem,
  type PurchasingGroup,
  type Scope,
} from './model.ts';
import * as store from './store.ts';

/**
 * Who is looking: null sees every group of the territory; a commune user sees the groups of its commune(s) only.
 * `memberData` says whose needs and consumption lines may be shown (the policy's procurement.readMemberData).
 */
export interface Viewer {
  readonly communeIds: readonly string[] | null;
  readonly memberData: (collectivityId: string) => boolean;
}

export const EVERYONE: Viewer = { communeIds: null, memberData: () => true };

export function sees(viewer: Viewer, members: readonly { collectivityId: string }[]): boolean {
  return viewer.communeIds === null || members.some((m) => viewer.communeIds!.includes(m.collectivityId));
}

function refuse(problem: Problem | null | undefined, status: 400 | 409 = 400): void {
  if (problem) throw new UserError(problem.message, status, problem.field);
}

const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export interface GroupSummary {
  readonly group: PurchasingGroup;
  readonly coordinator: string;
  readonly members: readonly GroupMember[];
}

/** The groups the viewer may see, newest agreement first (groups being formed on top). */
export async function listGroups(db: Database, ctx: TerritoryContext, viewer: Viewer): Promise<GroupSummary[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const groups = await store.listGroups(tx, ctx.territoryId);
    const members = await store.listMembers(tx, ctx.territoryId, null);
    return groups
      .map((group) => {
        const list = members.get(group.id) ?? [];
        return { group, members: list, coordinator: list.find((m) => m.collectivityId === group.coordinatorId)?.name ?? '—' };
      })
      .filter((s) => sees(viewer, s.members))
      .sort((a, b) => (b.group.agreementSignedOn ?? '9999').localeCompare(a.group.agreementSignedOn ?? '9999') || a.group.reference.localeCompare(b.group.reference));
  });
}

export interface LoadedGroup {
  readonly group: PurchasingGroup;
  readonly members: readonly GroupMember[];
  readonly lots: readonly Lot[];
}

/** A group the viewer may see, or 404 (a commune user is not told that another commune's group exists). */
export async function loadGroup(tx: Tx, ctx: TerritoryContext, groupId: string, viewer: Viewer): Promise<LoadedGroup> {
  const group = await store.findGroup(tx, ctx.territoryId, groupId);
  const members = group ? ((await store.listMembers(tx, ctx.territoryId, [group.id])).get(group.id) ?? []) : [];
  if (!group || !sees(viewer, members)) throw new NotFoundError("Ce groupement de commandes n'existe pas dans le territoire.");
  return { group, members, lots: await store.listLots(tx, ctx.territoryId, group.id) };
}

export interface NewGroup {
  readonly reference: string;
  readonly object: string;
  readonly scopes: readonly string[];
  readonly categories?: readonly string[];
  readonly coordinatorId: string;
  readonly memberIds: readonly string[];
  readonly coordinatorMission: string;
  readonly agreementDurationMonths?: number | null;
  readonly note?: string | null;
}

async function collectivitiesById(db: Database, ctx: TerritoryContext): Promise<Map<string, Collectivity>> {
  return new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c]));
}

/** Creates a group being formed, with its members (collectivities of the register) and its coordinator among them. */
export async function createGroup(db: Database, ctx: TerritoryContext, input: NewGroup): Promise<PurchasingGroup> {
  const duration = input.agreementDurationMonths ?? null;
  const problems = groupProblems({ ...input, agreementDurationMonths: duration });
  refuse(problems[0]);
  const memberIds = [...new Set(input.memberIds)];
  refuse(coordinatorProblem(input.coordinatorId, memberIds));
  const known = await collectivitiesById(db, ctx);
  const unknown = memberIds.find((id) => !known.has(id));
  if (unknown) throw new UserError("Un membre choisi n'est pas une collectivité du registre du territoire.", 400, 'memberIds');
  const categories = (input.categories ?? []).map((c) => c.trim()).filter(Boolean);
  if (categories.some((c) => c.length > 80)) throw new UserError('Le champ « catégories » : 80 caractères au plus par catégorie.', 400, 'categories');
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (await store.findGroupByReference(tx, ctx.territoryId, input.reference)) throw new UserError(`La référence ${input.reference} est déjà celle d'un autre groupement.`, 409, 'reference');
    const group: PurchasingGroup = {
      id: newId(),
      reference: input.reference,
      object: input.object.trim(),
      scopes: input.scopes as Scope[],
      categories,
      coordinatorId: input.coordinatorId,
      status: 'forming',
      agreementSignedOn: null,
      agreementDurationMonths: duration,
      coordinatorMission: input.coordinatorMission as CoordinatorMission,
      launchedOn: null,
      closedOn: null,
      note: clean(input.note),
    };
    const members = memberIds.map((collectivityId) => ({ territoryId: ctx.territoryId, id: newId(), groupId: group.id, collectivityId }));
    await store.insertGroups(tx, [{ territoryId: ctx.territoryId, ...group, scopes: [...group.scopes], categories: [...group.categories] }]);
    await store.insertMembers(tx, members);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'purchasing_groups', entityId: group.id, before: null, after: group },
      ...members.map((m) => ({ action: 'création', entity: 'purchasing_group_members', entityId: m.id, before: null, after: m })),
    ]);
    return group;
  });
}

/** Adds a member while the group is being formed or before its procedure is launched. */
export async function addMember(db: Database, ctx: TerritoryContext, groupId: string, collectivityId: string): Promise<void> {
  const known = await collectivitiesById(db, ctx);
  if (!known.has(collectivityId)) throw new UserError("Le membre choisi n'est pas une collectivité du registre du territoire.", 400, 'collectivityId');
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { group, members } = await loadGroup(tx, ctx, groupId, EVERYONE);
    if (group.launchedOn || group.status === 'closed') throw new UserError('La procédure est lancée : le groupement ne peut plus accueillir de membre.', 409, 'collectivityId');
    if (members.some((m) => m.collectivityId === collectivityId)) throw new UserError('Cette collectivité est déjà membre du groupement.', 409, 'collectivityId');
    const member = { territoryId: ctx.territoryId, id: newId(), groupId, collectivityId };
    await store.insertMembers(tx, [member]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'purchasing_group_members', entityId: member.id, before: null, after: member }]);
  });
}

export interface Approval {
  readonly approvalBody: string;
  readonly approvalDate: string;
  readonly approvalReference: string;
  readonly deliberationId?: string | null;
}

/** Records the deliberation by which a member's assembly approved the constitutive agreement. */
export async function recordApproval(db: Database, ctx: TerritoryContext, groupId: string, memberId: string, input: Approval): Promise<void> {
  const body = input.approvalBody.trim();
  const reference = input.approvalReference.trim();
  if (body.length < 3 || body.length > 200) throw new UserError("Le champ « instance » doit nommer l'assemblée qui a délibéré (ex. Conseil municipal).", 400, 'approvalBody');
  if (!isCalendarDate(input.approvalDate)) throw new UserError('Le champ « date de la délibération » doit être une date valide (AAAA-MM-JJ).', 400, 'approvalDate');
  if (reference.length < 1 || reference.length > 200) throw new UserError('Le champ « référence de la délibération » est obligatoire (ex. n° 2019-045).', 400, 'approvalReference');
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { members } = await loadGroup(tx, ctx, groupId, EVERYONE);
    const before = members.find((m) => m.id === memberId);
    if (!before) throw new NotFoundError("Ce membre n'appartient pas au groupement.");
    const approval = { approvalBody: body, approvalDate: input.approvalDate, approvalReference: reference, deliberationId: input.deliberationId ?? null };
    await store.updateApproval(tx, ctx.territoryId, memberId, approval);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'purchasing_group_members', entityId: memberId, before, after: { ...before, ...approval } }]);
  });
}

async function changeGroup(db: Database, ctx: TerritoryContext, groupId: string, change: (loaded: LoadedGroup) => PurchasingGroup): Promise<PurchasingGroup> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const loaded = await loadGroup(tx, ctx, groupId, EVERYONE);
    const after = change(loaded);
    await store.updateGroup(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'purchasing_groups', entityId: groupId, before: loaded.group, after }]);
    return after;
  });
}

/** The constitutive agreement is signed: the group is constituted (and counts in that year's figures). */
export function signAgreement(db: Database, ctx: TerritoryContext, groupId: string, signedOn: string): Promise<PurchasingGroup> {
  if (!isCalendarDate(signedOn)) throw new UserError('Le champ « date de signature » doit être une date valide (AAAA-MM-JJ).', 400, 'agreementSignedOn');
  return changeGroup(db, ctx, groupId, ({ group, members }) => {
    refuse(signingProblem(group, members.map((m) => m.collectivityId)), 409);
    return { ...group, status: 'active', agreementSignedOn: signedOn };
  });
}

/** Launches the joint procedure: needs are frozen from then on. */
export function launchProcedure(db: Database, ctx: TerritoryContext, groupId: string, launchedOn: string): Promise<PurchasingGroup> {
  if (!isCalendarDate(launchedOn)) throw new UserError('Le champ « date de lancement » doit être une date valide (AAAA-MM-JJ).', 400, 'launchedOn');
  return changeGroup(db, ctx, groupId, ({ group, members, lots }) => {
    refuse(launchProblem(group, members, lots, launchedOn), 409);
    return { ...group, launchedOn };
  });
}

export function closeGroup(db: Database, ctx: TerritoryContext, groupId: string, closedOn: string): Promise<PurchasingGroup> {
  if (!isCalendarDate(closedOn)) throw new UserError('Le champ « date de clôture » doit être une date valide (AAAA-MM-JJ).', 400, 'closedOn');
  return changeGroup(db, ctx, groupId, ({ group }) => {
    if (group.status === 'closed') throw new UserError('Ce groupement est déjà clos.', 409, 'closedOn');
    if (group.agreementSignedOn && closedOn < group.agreementSignedOn) throw new UserError('La clôture ne peut précéder la signature de la convention.', 400, 'closedOn');
    return { ...group, status: 'closed', closedOn };
  });
}

/** Adds a lot while needs are still being collected. */
export async function addLot(db: Database, ctx: TerritoryContext, groupId: string, input: { title: string; unit?: string | null }): Promise<Lot> {
  const title = input.title.trim();
  if (title.length < 3 || title.length > 300) throw new UserError('Le champ « intitulé du lot » doit contenir entre 3 et 300 caractères.', 400, 'title');
  const unit = clean(input.unit);
  if (unit !== null && unit.length > 40) throw new UserError('Le champ « unité » : 40 caractères au plus.', 400, 'unit');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { group, lots } = await loadGroup(tx, ctx, groupId, EVERYONE);
    if (!needsOpen(group)) throw new UserError('La procédure est lancée : les lots ne changent plus.', 409, 'title');
    const lot = { territoryId: ctx.territoryId, id: newId(), groupId, number: Math.max(0, ...lots.map((l) => l.number)) + 1, title, unit };
    await store.insertLots(tx, [lot]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'purchasing_lots', entityId: lot.id, before: null, after: lot }]);
    return lot;
  });
}

export interface NeedLine {
  readonly lotId: string;
  readonly quantity: string | null;
  readonly estimatedCents: Cents | null;
  readonly comment: string | null;
}

/**
 * A member states its needs, lot by lot (an empty line withdraws its need for that lot). Refused once the procedure
 * is launched: the coordinator then consults on the totals collected.
 */
export async function declareNeeds(db: Database, ctx: TerritoryContext, groupId: string, collectivityId: string, lines: readonly NeedLine[]): Promise<void> {
  lines.forEach((l) => {
    refuse(needProblem(l.quantity, l.estimatedCents, `lot-${l.lotId}`));
    if (l.comment !== null && l.comment.length > 500) throw new UserError('Le commentaire : 500 caractères au plus.', 400, `lot-${l.lotId}-commentaire`);
  });
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { group, members, lots } = await loadGroup(tx, ctx, groupId, EVERYONE);
    if (!members.some((m) => m.collectivityId === collectivityId)) throw new NotFoundError("Cette collectivité n'est pas membre du groupement.");
    if (!needsOpen(group)) {
      throw new UserError(group.launchedOn ? `La procédure a été lancée le ${formatDate(group.launchedOn)} : le recensement des besoins est clos.` : 'Le groupement est clos : le recensement des besoins aussi.', 409, 'besoins');
    }
    const unknown = lines.find((l) => !lots.some((lot) => lot.id === l.lotId));
    if (unknown) throw new UserError("Un lot du formulaire n'appartient pas à ce groupement.", 400, 'besoins');
    const existing = (await store.listNeeds(tx, ctx.territoryId, lots.map((l) => l.id))).filter((n) => n.collectivityId === collectivityId);
    const changes: AuditChange[] = [];
    const inserts: store.NeedInsert[] = [];
    for (const line of lines) {
      const before = existing.find((n) => n.lotId === line.lotId);
      const empty = line.quantity === null && line.estimatedCents === null && line.comment === null;
      if (before && empty) {
        await store.deleteNeed(tx, ctx.territoryId, before.id);
        changes.push({ action: 'suppression', entity: 'needs', entityId: before.id, before, after: null });
      } else if (before) {
        const after: Need = { ...before, quantity: line.quantity, estimatedCents: line.estimatedCents, comment: line.comment };
        if (after.quantity === before.quantity && after.estimatedCents === before.estimatedCents && after.comment === before.comment) continue;
        await store.updateNeed(tx, ctx.territoryId, after);
        changes.push({ action: 'modification', entity: 'needs', entityId: before.id, before, after });
      } else if (!empty) {
        const row = { territoryId: ctx.territoryId, id: newId(), lotId: line.lotId, collectivityId, quantity: line.quantity, estimatedCents: line.estimatedCents, comment: line.comment };
        inserts.push(row);
        changes.push({ action: 'création', entity: 'needs', entityId: row.id, before: null, after: row });
      }
    }
    await store.insertNeeds(tx, inserts);
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
  });
}
