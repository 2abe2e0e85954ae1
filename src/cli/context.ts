import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../platform/config.ts';
import { createDatabase, GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { acquireLock } from '../platform/db/lock.ts';
import { findTerritoryBySiren, type TerritoryRef } from '../platform/tenants.ts';
import { UserError } from '../platform/http/errors.ts';
import { passwordProblem } from '../platform/auth/secrets.ts';
import { formatInteger } from '../platform/format.ts';
import type { Actor } from '../platform/audit.ts';
import { TERRITORY_TABLES } from '../platform/db/registry.ts';

/** The actor of CLI changes in the audit log: the system user who ran the command. */
export function cliActor(): Actor {
  let user = 'inconnu';
  try {
    user = os.userInfo().username;
  } catch {
    /* no user database: keep the default */
  }
  return { personId: null, label: `ligne de commande (${user})` };
}

export interface OpenOptions {
  /** Called before opening, with true when a new PGlite database is about to be created (several seconds). */
  readonly onOpen?: (creating: boolean) => void;
}

/** Network and login failures of PostgreSQL: the user's configuration, not a bug. */
const CONNECTION_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "aucun serveur PostgreSQL ne répond à cette adresse",
  ENOTFOUND: 'nom de machine inconnu',
  EAI_AGAIN: 'nom de machine introuvable pour le moment',
  ETIMEDOUT: 'le serveur ne répond pas',
  EHOSTUNREACH: 'machine injoignable',
  '28P01': 'mot de passe refusé',
  '28000': 'connexion refusée pour cet utilisateur',
  '3D000': "cette base de données n'existe pas",
};

function connectionProblem(error: unknown): string | null {
  // Drizzle wraps the driver's error as its cause.
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in CONNECTION_PROBLEMS) return `${CONNECTION_PROBLEMS[code]} (${(e as Error).message})`;
  }
  return null;
}

/**
 * Opens the database for one command. With PGlite the data folder is locked for the command's duration:
 * while the server holds it, the command refuses with a French message rather than corrupt it.
 * With PostgreSQL, both simply connect.
 */
export async function withDatabase<T>(work: (db: Database, config: Config) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => undefined : acquireLock(config.dataDir, { pid: process.pid, kind: 'commande' });
  let db: Database | null = null;
  try {
    options.onOpen?.(!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'PG_VERSION')));
    try {
      db = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
    } catch (error) {
      const problem = connectionProblem(error);
      if (problem) throw new UserError(`Connexion à PostgreSQL impossible (DATABASE_URL) : ${problem}.`);
      throw error;
    }
    return await work(db, config);
  } finally {
    await db?.close();
    release();
  }
}

export function checkSiren(siren: string, option = '--territoire'): string {
  if (!/^\d{9}$/.test(siren)) throw new UserError(`${option} doit être le SIREN du territoire (9 chiffres), reçu « ${siren} ».`);
  return siren;
}

export async function territoryBySiren(db: Database, siren: string): Promise<TerritoryRef> {
  checkSiren(siren);
  const found = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  if (!found) throw new UserError(`Aucun territoire de SIREN ${siren} dans cette base. « mutualis territoires » les liste.`);
  return found;
}

/** A password from MUTUALIS_PASSWORD, or typed without echo when a terminal is there; checked before any write. */
export async function readPassword(prompt: string): Promise<string> {
  const password = process.env.MUTUALIS_PASSWORD || (await typePassword(prompt));
  const problem = passwordProblem(password);
  if (problem) throw new UserError(process.env.MUTUALIS_PASSWORD ? problem.replace('Le mot de passe', 'Le mot de passe de la variable MUTUALIS_PASSWORD') : problem);
  return password;
}

function typePassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UserError('Mot de passe requis : définissez la variable MUTUALIS_PASSWORD ou lancez la commande dans un terminal.');
  process.stdout.write(prompt);
  return new Promise((resolve) => {
    const stdin = process.stdin;
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (keys: string) => {
      // A paste arrives as one chunk: read it key by key.
      for (const key of keys) {
        if (key === '\r' || key === '\n' || key === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(typed);
          return;
        }
        if (key === '\u0003') {
          stdin.setRawMode(false);
          process.stdout.write('\n');
          process.exit(130);
        }
        if (key === '\u007f' || key === '\b') typed = [...typed].slice(0, -1).join('');
        else if (key >= ' ') typed += key;
      }
    };
    stdin.on('data', onData);
  });
}

/** A file the user named, or a French refusal saying why it cannot be read. */
export function readFileOrRefuse(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'fichier introuvable' : code === 'EACCES' ? 'accès refusé' : code === 'EISDIR' ? "c'est un dossier" : (error as Error).message;
    throw new UserError(`Impossible de lire ${file} : ${why}.`);
  }
}

/** "1 commune", "158 communes" (French: 0 and 1 take the singular). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(n)} ${Math.abs(n) < 2 ? singular : plural}`;
}

/** Milliseconds as French seconds: "6,2 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
}

/** A file size in French units: "412 Ko", "12,3 Mo". */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} octets`;
  if (bytes < 1_000_000) return `${formatInteger(Math.round(bytes / 1000))} Ko`;
  return `${(bytes / 1_000_000).toFixed(1).replace('.', ',')} Mo`;
}

const TABLE_LABELS: Readonly<Record<string, string>> = {
  territories: 'territoire',
  people: 'personnes',
  ...Object.fromEntries(TERRITORY_TABLES.map((t) => [t.name, t.label])),
  audit_log: "entrées du journal d'audit",
};

/** A table of a backup as the user reads it. */
export function tableLabel(name: string): string {
  return TABLE_LABELS[name] ?? name;
}
