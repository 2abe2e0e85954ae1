import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import { apiTokens, people, sessions, territories } from '../platform/tables.ts';
import { roleAssignments } from './tables.ts';
import { collectivities } from '../territory/tables.ts';
import type { Role, RoleAssignment } from './model.ts';

export interface Person {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly disabled: boolean;
}

export interface PersonWithSecret extends Person {
  readonly passwordHash: string | null;
}

const personColumns = { id: people.id, email: people.email, displayName: people.displayName, disabled: people.disabled };

export async function findPersonByEmail(tx: Tx, email: string): Promise<PersonWithSecret | null> {
  const [row] = await tx.select({ ...personColumns, passwordHash: people.passwordHash }).from(people).where(eq(people.email, email));
  return row ?? null;
}

export async function findPersonById(tx: Tx, id: string): Promise<Person | null> {
  const [row] = await tx.select(personColumns).from(people).where(eq(people.id, id));
  return row ?? null;
}

export async function insertPerson(tx: Tx, person: Person & { passwordHash: string | null }): Promise<void> {
  await tx.insert(people).values(person);
}

export async function updatePersonPassword(tx: Tx, id: string, passwordHash: string): Promise<void> {
  await tx.update(people).set({ passwordHash, updatedAt: sql`now()` }).where(eq(people.id, id));
}

function toAssignment(row: typeof roleAssignments.$inferSelect): RoleAssignment {
  return { id: row.id, territoryId: row.territoryId, personId: row.personId, role: row.role as Role, collectivityId: row.collectivityId };
}

/**
 * The person's roles in one territory. The territory filter is explicit: row-level security lets a person
 * read their own roles in every territory (to choose one), so the scope alone does not restrict it.
 */
export async function listPersonAssignments(tx: Tx, personId: string, territoryId: string): Promise<RoleAssignment[]> {
  const found = await tx
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.personId, personId), eq(roleAssignments.territoryId, territoryId)))
    .orderBy(asc(roleAssignments.role));
  return found.map(toAssignment);
}

export interface TerritoryOfPerson {
  readonly id: string;
  readonly name: string;
  readonly siren: string;
}

export async function listPersonTerritories(tx: Tx, personId: string): Promise<TerritoryOfPerson[]> {
  return tx
    .selectDistinct({ id: territories.id, name: territories.name, siren: territories.siren })
    .from(roleAssignments)
    .innerJoin(territories, eq(territories.id, roleAssignments.territoryId))
    .where(eq(roleAssignments.personId, personId))
    .orderBy(asc(territories.name));
}

export interface TerritoryUser {
  readonly person: Person;
  readonly assignments: { id: string; role: Role; collectivityId: string | null; collectivityName: string | null }[];
}

/** Everyone holding a role in the scoped territory. */
export async function listTerritoryUsers(tx: Tx, territoryId: string): Promise<TerritoryUser[]> {
  const found = await tx
    .select({ ...personColumns, assignmentId: roleAssignments.id, role: roleAssignments.role, collectivityId: roleAssignments.collectivityId, collectivityName: collectivities.name })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .leftJoin(collectivities, and(eq(collectivities.territoryId, roleAssignments.territoryId), eq(collectivities.id, roleAssignments.collectivityId)))
    .where(eq(roleAssignments.territoryId, territoryId))
    .orderBy(asc(people.displayName), asc(roleAssignments.role));
  const byPerson = new Map<string, TerritoryUser>();
  for (const r of found) {
    let user = byPerson.get(r.id);
    if (!user) {
      user = { person: { id: r.id, email: r.email, displayName: r.displayName, disabled: r.disabled }, assignments: [] };
      byPerson.set(r.id, user);
    }
    user.assignments.push({ id: r.assignmentId, role: r.role as Role, collectivityId: r.collectivityId, collectivityName: r.collectivityName });
  }
  return [...byPerson.values()];
}

export async function insertAssignment(tx: Tx, a: RoleAssignment): Promise<void> {
  await tx.insert(roleAssignments).values(a);
}

export async function deleteAssignment(tx: Tx, id: string): Promise<RoleAssignment | null> {
  const [row] = await tx.delete(roleAssignments).where(eq(roleAssignments.id, id)).returning();
  return row ? toAssignment(row) : null;
}

export async function insertSession(tx: Tx, s: { id: string; tokenHash: string; personId: string; expiresAt: string }): Promise<void> {
  await tx.insert(sessions).values(s);
}

export async function findSessionPerson(tx: Tx, tokenHash: string): Promise<(Person & { sessionId: string }) | null> {
  const [row] = await tx
    .select({ ...personColumns, sessionId: sessions.id })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  return row ?? null;
}

export async function deleteSession(tx: Tx, id: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.id, id));
}

export async function insertApiToken(tx: Tx, t: { id: string; tokenHash: string; personId: string; label: string }): Promise<void> {
  await tx.insert(apiTokens).values(t);
}

export async function findTokenPerson(tx: Tx, tokenHash: string): Promise<(Person & { tokenId: string }) | null> {
  const [row] = await tx
    .select({ ...personColumns, tokenId: apiTokens.id })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row ?? null;
}

/** The people holding a commune role for one commune of the scoped territory. */
export async function listCommuneUsers(tx: Tx, territoryId: string, collectivityId: string): Promise<Person[]> {
  return tx
    .selectDistinct(personColumns)
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(eq(roleAssignments.territoryId, territoryId), eq(roleAssignments.role, 'commune'), eq(roleAssignments.collectivityId, collectivityId)))
    .orderBy(asc(people.displayName), asc(people.email));
}

export interface ApiTokenInfo {
  readonly id: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export async function listApiTokens(tx: Tx, personId: string): Promise<ApiTokenInfo[]> {
  return tx
    .select({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .orderBy(asc(apiTokens.createdAt));
}

/** Revokes one of the person's own tokens; null when it is not theirs or already revoked. */
export async function revokeApiToken(tx: Tx, personId: string, id: string): Promise<ApiTokenInfo | null> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt });
  return row ?? null;
}
