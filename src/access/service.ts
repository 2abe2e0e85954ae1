import type { Database } from '../platform/db/database.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { recordAudit, type Actor } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { UserError } from '../platform/http/errors.ts';
import { dummyPasswordHash, hashPassword, newToken, passwordProblem, sha256, verifyPassword } from '../platform/auth/secrets.ts';
import { isRole, ROLE_LABELS, type Role, type RoleAssignment } from './model.ts';
import * as store from './store.ts';
import type { Person } from './store.ts';

export type { Person } from './store.ts';

const SESSION_HOURS = 12;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a password; the same work is done whether the account exists or not. */
export async function authenticate(db: Database, email: string, password: string): Promise<Person | null> {
  const person = await db.transaction(GLOBAL_SCOPE, (tx) => store.findPersonByEmail(tx, normalizeEmail(email)));
  if (!person || !person.passwordHash || person.disabled) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  return (await verifyPassword(person.passwordHash, password)) ? person : null;
}

/** A new session (a new token at every login: no session fixation). Returns the cookie's token. */
export async function openSession(db: Database, person: Person): Promise<string> {
  const token = newToken();
  const id = newId();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
  await db.transaction({ territoryId: null, personId: person.id }, async (tx) => {
    await store.insertSession(tx, { id, tokenHash: sha256(token), personId: person.id, expiresAt });
    await recordAudit(tx, null, { personId: person.id, label: person.displayName }, [
      { action: 'connexion', entity: 'sessions', entityId: id, before: null, after: { personId: person.id, expiresAt } },
    ]);
  });
  return token;
}

export async function closeSession(db: Database, sessionId: string, person: Person): Promise<void> {
  await db.transaction({ territoryId: null, personId: person.id }, async (tx) => {
    await store.deleteSession(tx, sessionId);
    await recordAudit(tx, null, { personId: person.id, label: person.displayName }, [
      { action: 'déconnexion', entity: 'sessions', entityId: sessionId, before: { personId: person.id }, after: null },
    ]);
  });
}

export async function personExists(db: Database, email: string): Promise<boolean> {
  return (await db.transaction(GLOBAL_SCOPE, (tx) => store.findPersonByEmail(tx, normalizeEmail(email)))) !== null;
}

export function personFromSession(db: Database, token: string) {
  return db.transaction(GLOBAL_SCOPE, (tx) => store.findSessionPerson(tx, sha256(token)));
}

export function personFromApiToken(db: Database, token: string) {
  return db.transaction(GLOBAL_SCOPE, (tx) => store.findTokenPerson(tx, sha256(token)));
}

export function rolesIn(db: Database, personId: string, territoryId: string): Promise<RoleAssignment[]> {
  return db.transaction({ territoryId, personId }, (tx) => store.listPersonAssignments(tx, personId, territoryId));
}

export function territoriesOf(db: Database, personId: string) {
  return db.transaction({ territoryId: null, personId }, (tx) => store.listPersonTerritories(tx, personId));
}

export function listUsers(db: Database, ctx: TerritoryContext) {
  return db.transaction(scopeOf(ctx), (tx) => store.listTerritoryUsers(tx, ctx.territoryId));
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  /** Required for a new person; ignored when the person already exists (another territory). */
  readonly password?: string | undefined;
  readonly role: string;
  readonly collectivityId?: string | null | undefined;
}

/** Gives a role in the territory, creating the person when the e-mail is new. */
export async function addUser(db: Database, ctx: TerritoryContext, input: NewUser, communeIds: ReadonlySet<string>): Promise<RoleAssignment> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) throw new UserError("Le champ « email » n'est pas une adresse électronique valide.", 400, 'email');
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 200) throw new UserError('Le champ « nom » doit contenir entre 1 et 200 caractères.', 400, 'displayName');
  if (!isRole(input.role)) throw new UserError(`Le champ « rôle » doit valoir l'un de : ${Object.keys(ROLE_LABELS).join(', ')}.`, 400, 'role');
  const role: Role = input.role;
  const collectivityId = role === 'commune' ? (input.collectivityId ?? null) : null;
  if (role === 'commune' && (!collectivityId || !communeIds.has(collectivityId))) {
    throw new UserError('Le champ « commune » doit désigner une commune membre du territoire pour un utilisateur communal.', 400, 'collectivityId');
  }
  const existing = await db.transaction(GLOBAL_SCOPE, (tx) => store.findPersonByEmail(tx, email));
  let passwordHash: string | null = null;
  if (!existing) {
    const problem = passwordProblem(input.password ?? '');
    if (problem) throw new UserError(problem.replace('Le mot de passe', 'Le champ « mot de passe »'), 400, 'password');
    passwordHash = await hashPassword(input.password!);
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const personId = existing?.id ?? newId();
    const changes = [];
    if (!existing) {
      const person = { id: personId, email, displayName, disabled: false };
      await store.insertPerson(tx, { ...person, passwordHash });
      changes.push({ action: 'création', entity: 'people', entityId: personId, before: null, after: person });
    }
    const held = await store.listPersonAssignments(tx, personId, ctx.territoryId);
    if (held.some((a) => a.role === role && a.collectivityId === collectivityId)) {
      throw new UserError(`${email} a déjà ce rôle dans ce territoire.`, 409, 'role');
    }
    const assignment: RoleAssignment = { id: newId(), territoryId: ctx.territoryId, personId, role, collectivityId };
    await store.insertAssignment(tx, assignment);
    changes.push({ action: 'création', entity: 'role_assignments', entityId: assignment.id, before: null, after: assignment });
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return assignment;
  });
}

export async function removeAssignment(db: Database, ctx: TerritoryContext, assignmentId: string): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const removed = await store.deleteAssignment(tx, assignmentId);
    if (!removed) throw new UserError("Ce rôle n'existe pas dans ce territoire.", 404);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'suppression', entity: 'role_assignments', entityId: assignmentId, before: removed, after: null }]);
  });
}

/** A personal API token; the clear value is shown once. */
export async function createApiToken(db: Database, actor: Actor & { personId: string }, label: string): Promise<string> {
  const clean = label.trim();
  if (!clean || clean.length > 100) throw new UserError('Le champ « libellé » doit contenir entre 1 et 100 caractères.', 400, 'label');
  const token = newToken('mut_');
  const id = newId();
  await db.transaction({ territoryId: null, personId: actor.personId }, async (tx) => {
    await store.insertApiToken(tx, { id, tokenHash: sha256(token), personId: actor.personId, label: clean });
    await recordAudit(tx, null, actor, [{ action: 'création', entity: 'api_tokens', entityId: id, before: null, after: { personId: actor.personId, label: clean } }]);
  });
  return token;
}

/** Who acts for a commune: the people holding a commune role for it in the territory. */
export function communeUsers(db: Database, ctx: TerritoryContext, collectivityId: string): Promise<Person[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listCommuneUsers(tx, ctx.territoryId, collectivityId));
}

export function listApiTokens(db: Database, personId: string) {
  return db.transaction({ territoryId: null, personId }, (tx) => store.listApiTokens(tx, personId));
}

export async function revokeApiToken(db: Database, actor: Actor & { personId: string }, tokenId: string): Promise<void> {
  await db.transaction({ territoryId: null, personId: actor.personId }, async (tx) => {
    const revoked = await store.revokeApiToken(tx, actor.personId, tokenId);
    if (!revoked) throw new UserError("Ce jeton n'existe pas ou est déjà révoqué.", 404);
    await recordAudit(tx, null, actor, [{ action: 'révocation', entity: 'api_tokens', entityId: tokenId, before: { label: revoked.label, revokedAt: null }, after: revoked }]);
  });
}
