import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, GLOBAL_SCOPE, type Database, type Tx } from './db/database.ts';
import { TERRITORY_TABLES } from './db/registry.ts';
import { findTerritoryBySiren, type TerritoryRef } from './tenants.ts';
import { UserError } from './http/errors.ts';

export const BACKUP_FORMAT = 'mutualis-sauvegarde';
export const BACKUP_VERSION = 1;

interface Header {
  readonly format: string;
  readonly version: number;
  readonly territory: TerritoryRef;
  /** Row count per section, in file order. */
  readonly sections: Record<string, number>;
  /** SHA-256 of every line after the header. */
  readonly sha256: string;
}

/** One line per row: [section, row as PostgreSQL's own JSON text]. Rows stay text so numerics keep every digit. */
type Line = [string, string];

async function jsonRows(tx: Tx, query: ReturnType<typeof sql>): Promise<string[]> {
  return (await rows<{ j: string }>(tx, query)).map((r) => r.j);
}

/**
 * Dumps one territory: its registry row, the people who hold roles in it, every territory table and its
 * audit chain. Deterministic (ordered by id, timestamps in UTC, no creation date inside): dumping a
 * restored territory gives the same bytes.
 */
export async function backupTerritory(db: Database, siren: string): Promise<{ data: Buffer; header: Header }> {
  const territory = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  if (!territory) throw new UserError(`Aucun territoire de SIREN ${siren} dans cette base.`, 404);
  const lines: Line[] = [];
  await db.transaction({ territoryId: territory.id, personId: null }, async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const add = (section: string, found: string[]) => found.forEach((j) => lines.push([section, j]));
    add('territories', await jsonRows(tx, sql`select row_to_json(t)::text as j from territories t where id = ${territory.id}`));
    add(
      'people',
      await jsonRows(
        tx,
        sql`select row_to_json(p)::text as j from (select id, email, display_name, password_hash, disabled, created_at, updated_at from people
              where id in (select person_id from role_assignments where territory_id = ${territory.id}) order by id) p`,
      ),
    );
    for (const table of TERRITORY_TABLES) {
      add(table.name, await jsonRows(tx, sql.raw(`select row_to_json(t)::text as j from ${table.name} t order by id`)));
    }
    add('audit_log', await jsonRows(tx, sql`select row_to_json(a)::text as j from audit_log a where territory_id = ${territory.id} order by seq`));
  });
  const body = lines.map((l) => JSON.stringify(l)).join('\n');
  const sections: Record<string, number> = {};
  for (const [section] of lines) sections[section] = (sections[section] ?? 0) + 1;
  const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, territory, sections, sha256: createHash('sha256').update(body).digest('hex') };
  return { data: gzipSync(`${JSON.stringify(header)}\n${body}\n`, { level: 9 }), header };
}

const CORRUPT = 'Sauvegarde illisible : le fichier est tronqué ou altéré (rien n’a été restauré).';

/** Reads and checks a dump entirely before anything is written. */
export function readBackup(data: Buffer): { header: Header; lines: Line[] } {
  let text: string;
  try {
    text = gunzipSync(data).toString('utf8');
  } catch {
    throw new UserError(CORRUPT, 422);
  }
  const [first, ...rest] = text.split('\n');
  let header: Header;
  try {
    header = JSON.parse(first ?? '') as Header;
  } catch {
    throw new UserError(CORRUPT, 422);
  }
  if (header.format !== BACKUP_FORMAT) throw new UserError("Ce fichier n'est pas une sauvegarde Mutualis.", 422);
  if (header.version !== BACKUP_VERSION) throw new UserError(`Version de sauvegarde ${header.version} non prise en charge (attendue : ${BACKUP_VERSION}).`, 422);
  if (rest.at(-1) !== '') throw new UserError(CORRUPT, 422);
  const body = rest.slice(0, -1).join('\n');
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw new UserError(CORRUPT, 422);
  const lines = rest.slice(0, -1).map((l) => JSON.parse(l) as Line);
  const counted: Record<string, number> = {};
  for (const [section] of lines) counted[section] = (counted[section] ?? 0) + 1;
  if (JSON.stringify(counted) !== JSON.stringify(header.sections)) throw new UserError(CORRUPT, 422);
  return { header, lines };
}

const BATCH = 500;

async function insertJson(tx: Tx, table: string, json: string[]): Promise<void> {
  for (let i = 0; i < json.length; i += BATCH) {
    const batch = `[${json.slice(i, i + BATCH).join(',')}]`;
    await tx.execute(sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${batch}::json)`);
  }
}

export interface RestoreResult {
  readonly territory: TerritoryRef;
  readonly rows: number;
  readonly peopleReused: number;
}

/**
 * Restores a dump into this database, all or nothing, with the same ids, sequence numbers and hashes
 * (the audit chain verifies afterwards). Refused when the territory already exists here. People who
 * already exist (same e-mail) are reused.
 */
export async function restoreTerritory(db: Database, data: Buffer): Promise<RestoreResult> {
  const { header, lines } = readBackup(data);
  const territory = header.territory;
  const existing = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, territory.siren));
  if (existing) throw new UserError(`Le territoire ${territory.name} (SIREN ${territory.siren}) existe déjà dans cette base : restauration refusée, rien n’a été modifié.`, 409);
  const bySection = new Map<string, string[]>();
  for (const [section, json] of lines) bySection.set(section, [...(bySection.get(section) ?? []), json]);
  return db.transaction({ territoryId: territory.id, personId: null }, async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    await insertJson(tx, 'territories', bySection.get('territories') ?? []);
    // People: reuse those already here (by e-mail), create the others.
    const remap = new Map<string, string>();
    const fresh: string[] = [];
    for (const json of bySection.get('people') ?? []) {
      const person = JSON.parse(json) as { id: string; email: string };
      const [found] = await rows<{ id: string }>(tx, sql`select id from people where email = ${person.email}`);
      if (found) remap.set(person.id, found.id);
      else fresh.push(json);
    }
    await insertJson(tx, 'people', fresh);
    let count = (bySection.get('territories')?.length ?? 0) + fresh.length;
    for (const table of TERRITORY_TABLES) {
      let json = bySection.get(table.name) ?? [];
      if (table.personColumns && remap.size > 0) {
        json = json.map((j) => {
          const row = JSON.parse(j) as Record<string, unknown>;
          for (const column of table.personColumns!) if (typeof row[column] === 'string' && remap.has(row[column])) row[column] = remap.get(row[column]);
          return JSON.stringify(row);
        });
      }
      await insertJson(tx, table.name, json);
      count += json.length;
    }
    const audit = bySection.get('audit_log') ?? [];
    await insertJson(tx, 'audit_log', audit);
    count += audit.length;
    return { territory, rows: count, peopleReused: remap.size };
  });
}
