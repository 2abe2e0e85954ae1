import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export class TenancyError extends Error {}

interface RoleRow {
  user: string;
  superuser: boolean;
  bypass: boolean;
}
interface TableRow {
  table: string;
  owner: string;
  rls: boolean;
  forced: boolean;
  policies: number;
}

/** The tables of territory data: every table of the public schema with a territory_id column. */
export const TERRITORY_TABLES_QUERY = sql`
  select c.relname as "table", pg_get_userbyid(c.relowner) as owner,
         c.relrowsecurity as rls, c.relforcerowsecurity as forced,
         (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
   where c.relkind = 'r'
     and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'territory_id' and not a.attisdropped)
   order by c.relname`;

/**
 * Start-up refuses to run unless row-level security is a real second wall (DESIGN.md, Tenancy):
 * the application role is neither superuser nor owner, and every territory table forces RLS.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function checkTenancy(db: PgDatabase<PgQueryResultHKT, any>): Promise<void> {
  const role = ((await db.execute(sql`
    select current_user as "user", r.rolsuper as superuser, r.rolbypassrls as bypass
      from pg_roles r where r.rolname = current_user`)) as unknown as { rows: RoleRow[] }).rows[0];
  if (!role) throw new TenancyError('Rôle de connexion introuvable.');
  if (role.superuser || role.bypass) {
    throw new TenancyError(`Le rôle ${role.user} contourne la sécurité par ligne (superutilisateur ou BYPASSRLS) : démarrage refusé.`);
  }
  const tables = ((await db.execute(TERRITORY_TABLES_QUERY)) as unknown as { rows: TableRow[] }).rows;
  if (tables.length === 0) throw new TenancyError('Aucune table de territoire trouvée : migrations absentes ?');
  for (const t of tables) {
    if (t.owner === role.user) throw new TenancyError(`La table ${t.table} appartient au rôle applicatif ${role.user} : démarrage refusé.`);
    if (!t.rls || !t.forced || t.policies === 0) {
      throw new TenancyError(`La table ${t.table} n'impose pas la sécurité par ligne (FORCE ROW LEVEL SECURITY et une politique) : démarrage refusé.`);
    }
  }
}
