/** Saved searches and the in-application notifications they raise when a new or changed aid matches. */
import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { isUuid, newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import type { SearchCriteria } from './model.ts';
import * as store from './store.ts';
import { searchIn, territoryFacts, type TerritoryFacts } from './service.ts';

export type { SavedSearch, Notification } from './store.ts';

function personOf(ctx: TerritoryContext): string {
  if (!ctx.actor.personId) throw new UserError('Une recherche enregistrée appartient à une personne connectée.', 403);
  return ctx.actor.personId;
}

/**
 * Tells the owners of the saved searches that the schemes just created or changed match them (eligible or
 * to check), in the transaction of the change. An unread notice for the same search and scheme is refreshed.
 */
export async function notifyMatches(tx: Tx, ctx: TerritoryContext, facts: TerritoryFacts, schemeIds: readonly string[], reason: 'new' | 'changed'): Promise<number> {
  if (schemeIds.length === 0) return 0;
  const searches = await store.listSavedSearches(tx, ctx.territoryId);
  const created: { territoryId: string; id: string; personId: string; savedSearchId: string; schemeId: string; reason: string }[] = [];
  for (const search of searches) {
    // A saved search whose collectivity has left the territory alerts no more.
    if (!facts.collectivities.has(search.criteria.beneficiaryId)) continue;
    const answer = await searchIn(tx, ctx, facts, search.criteria, schemeIds);
    for (const { scheme } of answer.results) {
      const unread = await store.findUnread(tx, ctx.territoryId, search.id, scheme.id);
      if (unread) await store.touchNotification(tx, ctx.territoryId, unread);
      else created.push({ territoryId: ctx.territoryId, id: newId(), personId: search.personId, savedSearchId: search.id, schemeId: scheme.id, reason });
    }
  }
  await store.insertNotifications(tx, created);
  const changes: AuditChange[] = created.map((n) => ({ action: 'création', entity: 'aid_notifications', entityId: n.id, before: null, after: n }));
  await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
  return created.length;
}

/** Saves a search for the person; it alerts them when a new or changed aid matches. */
export async function saveSearch(db: Database, ctx: TerritoryContext, name: string, criteria: SearchCriteria, today: string): Promise<store.SavedSearch> {
  const personId = personOf(ctx);
  const clean = name.trim();
  if (!clean || clean.length > 120) throw new UserError('Le champ « nom de la recherche » doit contenir entre 1 et 120 caractères.', 400, 'name');
  const facts = await territoryFacts(db, ctx, today);
  if (!facts.collectivities.has(criteria.beneficiaryId)) throw new UserError('Le champ « collectivité » doit désigner une collectivité du territoire.', 400, 'beneficiaryId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const mine = await store.listSavedSearches(tx, ctx.territoryId, personId);
    if (mine.length >= 50) throw new UserError('Vous avez déjà 50 recherches enregistrées : supprimez-en une avant d’en ajouter.', 409, 'name');
    if (mine.some((s) => s.name.toLowerCase() === clean.toLowerCase())) throw new UserError(`Vous avez déjà une recherche nommée « ${clean} ».`, 409, 'name');
    const saved = { id: newId(), personId, name: clean, criteria };
    await store.insertSavedSearch(tx, ctx.territoryId, saved);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'saved_searches', entityId: saved.id, before: null, after: saved }]);
    return { ...saved, createdAt: new Date().toISOString() };
  });
}

export async function deleteSearch(db: Database, ctx: TerritoryContext, id: string): Promise<void> {
  const personId = personOf(ctx);
  if (!isUuid(id)) throw new NotFoundError("Cette recherche enregistrée n'existe pas.");
  await db.transaction(scopeOf(ctx), async (tx) => {
    const removed = await store.deleteSavedSearch(tx, ctx.territoryId, personId, id);
    // Another person's search is not found either: its existence is not revealed.
    if (!removed) throw new NotFoundError("Cette recherche enregistrée n'existe pas.");
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'suppression', entity: 'saved_searches', entityId: id, before: removed, after: null }]);
  });
}

export function mySearches(db: Database, ctx: TerritoryContext): Promise<store.SavedSearch[]> {
  const personId = personOf(ctx);
  return db.transaction(scopeOf(ctx), (tx) => store.listSavedSearches(tx, ctx.territoryId, personId));
}

export function myNotifications(db: Database, ctx: TerritoryContext): Promise<store.Notification[]> {
  const personId = personOf(ctx);
  return db.transaction(scopeOf(ctx), (tx) => store.listNotifications(tx, ctx.territoryId, personId));
}

export function unreadCount(db: Database, ctx: TerritoryContext): Promise<number> {
  if (!ctx.actor.personId) return Promise.resolve(0);
  const personId = ctx.actor.personId;
  return db.transaction(scopeOf(ctx), (tx) => store.countUnread(tx, ctx.territoryId, personId));
}

export async function markAllRead(db: Database, ctx: TerritoryContext): Promise<number> {
  const personId = personOf(ctx);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const ids = await store.markRead(tx, ctx.territoryId, personId);
    await recordAudit(tx, ctx.territoryId, ctx.actor, ids.map((id) => ({ action: 'modification', entity: 'aid_notifications', entityId: id, before: { readAt: null }, after: { read: true } })));
    return ids.length;
  });
}
