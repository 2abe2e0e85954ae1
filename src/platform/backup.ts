import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { GLOBAL_SCOPE, MIGRATIONS_FOLDER, pgError, rows, type Database, type Tx } from './db/database.ts';
import { TERRITORY_TABLES } from './db/registry.ts';
import { findTerritoryById, findTerritoryBySiren, type TerritoryRef } from './tenants.ts';
import { isUuid } from './ids.ts';
import { UserError } from './http/errors.ts';

/**
 * A territory's backup file: gzip'd JSON lines. Line 1 is the header; each other line is
 * ["table",{row}] where {row} is PostgreSQL's own row_to_json text, never re-serialized by JavaScript, so
 * numerics, timestamps and jsonb keep every digit and a restore writes back exactly what was read.
 */
export const BACKUP_FORMAT = 'mutualis-sauvegarde';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  readonly format: string;
  readonly version: number;
  /** Mutualis version that wrote the file. */
  readonly mutualisVersion: string;
  /** Last migration of the database dumped: restoring needs a Mutualis that knows it. */
  readonly schema: string;
  /** When the backup was made (UTC): the only part that differs between two dumps of the same data. */
  readonly createdAt: string;
  readonly territory: TerritoryRef;
  /** Row count per table, in file order. */
  readonly tables: Readonly<Record<string, number>>;
  /** SHA-256 (hex) of everything after the header line: a truncated or edited file is refused. */
  readonly sha256: string;
}

/** (tables done, tables in all, the table being worked on). */
export type BackupProgress = (done: number, total: number, table: string) => void;

const TERRITORIES = 'territories';
const PEOPLE = 'people';
const AUDIT = 'audit_log';
/** Every table of a backup, in the order the file holds them and a restore inserts them (foreign-key order). */
function sectionNames(): string[] {
  return [TERRITORIES, PEOPLE, ...TERRITORY_TABLES.map((t) => t.name), AUDIT];
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function mutualisVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The migrations this code knows, oldest first. */
function knownSchemas(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** Output settings that shape row_to_json's text, fixed so that every database writes the same bytes. */
async function fixTextFormats(tx: Tx): Promise<void> {
  await tx.execute(sql`select set_config('timezone', 'UTC', true), set_config('extra_float_digits', '1', true), set_config('intervalstyle', 'postgres', true)`);
}

async function primaryKey(tx: Tx, table: string): Promise<string[]> {
  const found = await rows<{ column: string }>(
    tx,
    sql`select a.attname as "column" from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = ${table}::regclass and i.indisprimary
         order by array_position(i.indkey::int2[], a.attnum)`,
  );
  return found.map((r) => r.column);
}

async function jsonRows(tx: Tx, query: SQL): Promise<string[]> {
  // Inside JSON strings line breaks are escaped; a raw one can only be whitespace of a json value: a space keeps one row per line.
  return (await rows<{ j: string }>(tx, query)).map((r) => r.j.replace(/[\r\n]/g, ' '));
}

async function dumpTable(tx: Tx, table: string, territoryId: string): Promise<string[]> {
  const key = await primaryKey(tx, table);
  const order = key.length > 0 ? sql.join(key.map((c) => sql`t.${sql.identifier(c)}`), sql`, `) : sql`row_to_json(t)::text`;
  // Filtered explicitly as well as by row-level security: a backup must never hold another territory's rows.
  return jsonRows(tx, sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t where t.territory_id = ${territoryId}::uuid order by ${order}`);
}

/**
 * Dumps one territory: its row in the tenants registry, the people who hold roles in it (not their
 * sessions or tokens), every table of the registry, and its audit chain as it is (ids, seq, hashes).
 * Apart from createdAt, dumping the same data gives the same bytes, on PGlite or PostgreSQL.
 */
export async function backupTerritory(db: Database, siren: string, options: { progress?: BackupProgress; now?: Date } = {}): Promise<{ data: Buffer; header: BackupHeader }> {
  const territory = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  if (!territory) throw new UserError(`Aucun territoire de SIREN ${siren} dans cette base.`, 404);
  const names = sectionNames();
  const sections = new Map<string, string[]>();
  await db.transaction({ territoryId: territory.id, personId: null }, async (tx) => {
    await fixTextFormats(tx);
    const step = (table: string) => options.progress?.(sections.size, names.length, table);
    step(TERRITORIES);
    sections.set(TERRITORIES, await jsonRows(tx, sql`select row_to_json(t)::text as j from territories t where t.id = ${territory.id}::uuid`));
    step(PEOPLE);
    sections.set(
      PEOPLE,
      await jsonRows(
        tx,
        sql`select row_to_json(p)::text as j from people p
             where p.id in (select person_id from role_assignments where territory_id = ${territory.id}::uuid) order by p.id`,
      ),
    );
    for (const table of TERRITORY_TABLES) {
      step(table.name);
      sections.set(table.name, await dumpTable(tx, table.name, territory.id));
    }
    step(AUDIT);
    sections.set(AUDIT, await jsonRows(tx, sql`select row_to_json(a)::text as j from audit_log a where a.territory_id = ${territory.id}::uuid order by a.seq`));
    options.progress?.(names.length, names.length, AUDIT);
  });
  const lines: string[] = [];
  const tables: Record<string, number> = {};
  for (const name of names) {
    const found = sections.get(name) ?? [];
    tables[name] = found.length;
    for (const json of found) lines.push(`[${JSON.stringify(name)},${json}]`);
  }
  const body = lines.join('\n');
  const schemas = knownSchemas();
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    mutualisVersion: mutualisVersion(),
    schema: schemas.at(-1) ?? '',
    createdAt: (options.now ?? new Date()).toISOString(),
    territory: { id: territory.id, name: territory.name, siren: territory.siren },
    tables,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  return { data: gzipSync(`${JSON.stringify(header)}\n${body}\n`, { level: 9 }), header };
}

const CORRUPT = 'Sauvegarde illisible : le fichier est tronqué ou altéré (rien n’a été restauré).';

function corrupt(detail?: string): UserError {
  return new UserError(detail ? `${CORRUPT.slice(0, -1)} : ${detail}.` : CORRUPT, 422);
}

/** A row as dumped: its text (inserted as is) and its parsed form (checked). */
interface DumpedRow {
  readonly text: string;
  readonly value: Record<string, unknown>;
}

export interface ParsedBackup {
  readonly header: BackupHeader;
  /** Rows per table, in file order. */
  readonly tables: ReadonlyMap<string, readonly DumpedRow[]>;
}

const LINE = /^\["([a-z_][a-z0-9_]*)",(\{.*\})\]$/;

function checkHeader(value: unknown): BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw new UserError("Ce fichier n'est pas une sauvegarde Mutualis.", 422);
  if (h.version !== BACKUP_VERSION) throw new UserError(`Sauvegarde au format ${String(h.version)}, que cette version de Mutualis ne sait pas lire (format ${BACKUP_VERSION}).`, 422);
  const t = h.territory;
  const wellFormed =
    typeof h.mutualisVersion === 'string' &&
    typeof h.schema === 'string' &&
    typeof h.createdAt === 'string' &&
    typeof h.sha256 === 'string' &&
    !!t &&
    typeof t.id === 'string' &&
    isUuid(t.id) &&
    typeof t.name === 'string' &&
    typeof t.siren === 'string' &&
    /^\d{9}$/.test(t.siren) &&
    !!h.tables &&
    typeof h.tables === 'object' &&
    Object.values(h.tables).every((n) => Number.isInteger(n) && n >= 0);
  if (!wellFormed) throw corrupt('en-tête incomplet');
  if (!knownSchemas().includes(h.schema!)) {
    throw new UserError(
      `Cette sauvegarde vient de Mutualis ${h.mutualisVersion}, dont la base (${h.schema}) est plus récente que celle-ci : mettez Mutualis à jour avant de la restaurer.`,
      422,
    );
  }
  return h as BackupHeader;
}

/** Reads and checks a whole backup before anything is written: gzip, header, SHA-256, counts, every row's territory. */
export function readBackup(data: Buffer): ParsedBackup {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(data));
  } catch {
    throw corrupt();
  }
  const newline = text.indexOf('\n');
  if (newline < 0 || !text.endsWith('\n')) throw corrupt();
  let parsedHeader: unknown;
  try {
    parsedHeader = JSON.parse(text.slice(0, newline));
  } catch {
    throw corrupt();
  }
  const header = checkHeader(parsedHeader);
  const body = text.slice(newline + 1, -1);
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw corrupt();

  const known = new Set(sectionNames());
  const tables = new Map<string, DumpedRow[]>();
  for (const line of body === '' ? [] : body.split('\n')) {
    const m = LINE.exec(line);
    if (!m) throw corrupt('ligne mal formée');
    const [, table, rowText] = m as unknown as [string, string, string];
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(rowText) as Record<string, unknown>;
    } catch {
      throw corrupt('ligne mal formée');
    }
    if (!known.has(table)) throw new UserError(`Cette sauvegarde contient la table « ${table} », inconnue de cette version de Mutualis : mettez Mutualis à jour avant de la restaurer.`, 422);
    const list = tables.get(table) ?? [];
    list.push({ text: rowText, value });
    tables.set(table, list);
  }
  const counted = Object.fromEntries([...tables].map(([table, list]) => [table, list.length]));
  const announced = Object.fromEntries(Object.entries(header.tables).filter(([, n]) => n > 0));
  if (JSON.stringify(counted) !== JSON.stringify(announced)) throw corrupt('nombre de lignes différent de l’en-tête');

  const territory = header.territory;
  const [own, ...others] = tables.get(TERRITORIES) ?? [];
  if (!own || others.length > 0 || own.value.id !== territory.id || own.value.siren !== territory.siren) throw corrupt('territoire incohérent');
  for (const [table, list] of tables) {
    if (table === TERRITORIES || table === PEOPLE) continue;
    if (list.some((r) => r.value.territory_id !== territory.id)) throw corrupt(`une ligne de ${table} appartient à un autre territoire`);
  }
  const people = tables.get(PEOPLE) ?? [];
  if (people.some((p) => typeof p.value.id !== 'string' || typeof p.value.email !== 'string')) throw corrupt('personne sans identifiant ou adresse');
  if (new Set(people.map((p) => p.value.email)).size !== people.length) throw corrupt('personne en double');
  return { header, tables };
}

const BATCH_ROWS = 1000;

/** Columns a restore writes: what the file holds, which this database must know (generated columns are computed again). */
async function insertColumns(tx: Tx, table: string, list: readonly DumpedRow[]): Promise<string[]> {
  const keys = Object.keys(list[0]!.value);
  const signature = keys.join(',');
  if (list.some((r) => Object.keys(r.value).join(',') !== signature)) throw corrupt(`colonnes irrégulières dans ${table}`);
  const columns = await rows<{ name: string; generated: string }>(
    tx,
    sql`select attname as name, attgenerated::text as generated from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`,
  );
  const byName = new Map(columns.map((c) => [c.name, c.generated]));
  const unknown = keys.filter((k) => !byName.has(k));
  if (unknown.length > 0) {
    throw new UserError(`Cette sauvegarde contient la colonne « ${unknown[0]} » de la table « ${table} », inconnue de cette base : mettez Mutualis à jour avant de la restaurer.`, 422);
  }
  return keys.filter((k) => !byName.get(k));
}

async function insertRows(tx: Tx, table: string, list: readonly DumpedRow[], personColumns: readonly string[], remap: ReadonlyMap<string, string>): Promise<void> {
  if (list.length === 0) return;
  const columns = await insertColumns(tx, table, list);
  const remapped = remap.size > 0 ? personColumns.filter((c) => columns.includes(c)) : [];
  const mapping = JSON.stringify([...remap].map(([from, to]) => ({ from_id: from, to_id: to })));
  const select = columns.map((c) =>
    remapped.includes(c) ? sql`coalesce(${sql.identifier(`m_${c}`)}.to_id, r.${sql.identifier(c)})` : sql`r.${sql.identifier(c)}`,
  );
  const joins = remapped.map(
    (c) =>
      sql` left join json_to_recordset(${mapping}::json) as ${sql.identifier(`m_${c}`)}(from_id uuid, to_id uuid) on ${sql.identifier(`m_${c}`)}.from_id = r.${sql.identifier(c)}`,
  );
  for (let i = 0; i < list.length; i += BATCH_ROWS) {
    const batch = `[${list
      .slice(i, i + BATCH_ROWS)
      .map((r) => r.text)
      .join(',')}]`;
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${sql.join(
        columns.map((c) => sql.identifier(c)),
        sql`, `,
      )}) select ${sql.join(select, sql`, `)} from json_populate_recordset(null::${sql.identifier(table)}, ${batch}::json) r${sql.join(joins, sql``)}`,
    );
  }
}

export interface RestoreResult {
  readonly territory: TerritoryRef;
  readonly header: BackupHeader;
  /** Rows written per table, in insertion order (people: only those created). */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  readonly rows: number;
  readonly peopleCreated: number;
  /** People of the backup who already had an account here (same e-mail): kept as they are. */
  readonly peopleReused: number;
}

/**
 * Restores a backup into this database, all or nothing, with the same ids, sequence numbers and hashes:
 * the audit chain verifies afterwards, byte for byte, and no entry is added to it. Refused when the file
 * is damaged or the territory is already here. People who already exist (same e-mail) are reused.
 * Takes the file's bytes, or what readBackup made of them (a command checks the file before opening a database).
 */
export async function restoreTerritory(db: Database, backup: Buffer | ParsedBackup, options: { progress?: BackupProgress } = {}): Promise<RestoreResult> {
  const { header, tables } = Buffer.isBuffer(backup) ? readBackup(backup) : backup;
  const territory = header.territory;
  const [bySiren, byId] = await db.transaction(GLOBAL_SCOPE, async (tx) => [await findTerritoryBySiren(tx, territory.siren), await findTerritoryById(tx, territory.id)]);
  if (bySiren) throw new UserError(`Le territoire ${bySiren.name} (SIREN ${territory.siren}) existe déjà dans cette base : restauration refusée, rien n’a été modifié.`, 409);
  if (byId) throw new UserError(`Cette base a déjà un territoire de même identifiant (${byId.name}, SIREN ${byId.siren}) : restauration refusée, rien n’a été modifié.`, 409);

  const names = sectionNames();
  try {
    return await db.transaction({ territoryId: territory.id, personId: null }, async (tx) => {
      await fixTextFormats(tx);
      const written: { name: string; rows: number }[] = [];
      const step = (table: string) => options.progress?.(written.length, names.length, table);
      const section = (name: string) => tables.get(name) ?? [];

      step(TERRITORIES);
      await insertRows(tx, TERRITORIES, section(TERRITORIES), [], new Map());
      written.push({ name: TERRITORIES, rows: section(TERRITORIES).length });

      // People: an e-mail already here is the same person (their password and name here are kept); the others are created.
      step(PEOPLE);
      const people = section(PEOPLE);
      const here = await rows<{ id: string; email: string }>(
        tx,
        sql`select id, email from people
             where email in (select json_array_elements_text(${JSON.stringify(people.map((p) => p.value.email))}::json))
                or id in (select json_array_elements_text(${JSON.stringify(people.map((p) => p.value.id))}::json)::uuid)`,
      );
      const idByEmail = new Map(here.map((p) => [p.email, p.id]));
      const emailById = new Map(here.map((p) => [p.id, p.email]));
      const remap = new Map<string, string>();
      const fresh: DumpedRow[] = [];
      for (const person of people) {
        const [id, email] = [person.value.id as string, person.value.email as string];
        const existing = idByEmail.get(email);
        if (existing) remap.set(id, existing);
        else if (emailById.has(id)) {
          throw new UserError(`La personne ${email} de la sauvegarde a le même identifiant que ${emailById.get(id)} dans cette base : restauration refusée, rien n’a été modifié.`, 409);
        } else fresh.push(person);
      }
      await insertRows(tx, PEOPLE, fresh, [], new Map());
      written.push({ name: PEOPLE, rows: fresh.length });
      // Only ids that change need a mapping.
      for (const [from, to] of remap) if (from === to) remap.delete(from);

      for (const table of TERRITORY_TABLES) {
        step(table.name);
        await insertRows(tx, table.name, section(table.name), table.personColumns, remap);
        written.push({ name: table.name, rows: section(table.name).length });
      }
      step(AUDIT);
      await insertRows(tx, AUDIT, section(AUDIT), [], new Map());
      written.push({ name: AUDIT, rows: section(AUDIT).length });
      options.progress?.(names.length, names.length, AUDIT);
      return {
        territory,
        header,
        tables: written,
        rows: written.reduce((sum, t) => sum + t.rows, 0),
        peopleCreated: fresh.length,
        peopleReused: people.length - fresh.length,
      };
    });
  } catch (error) {
    const cause = pgError(error);
    if (!cause) throw error;
    // The transaction rolled back: nothing of the backup is in the database.
    throw new UserError(
      `La base a refusé la restauration (${cause.code}${cause.constraint ? `, contrainte ${cause.constraint}` : ''} : ${cause.message}) ; rien n’a été restauré.`,
      422,
    );
  }
}
