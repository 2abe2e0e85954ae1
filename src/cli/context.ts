import { loadConfig, type Config } from '../platform/config.ts';
import { createDatabase, type Database } from '../platform/db/database.ts';
import { acquireLock } from '../platform/db/lock.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { findTerritoryBySiren, type TerritoryRef } from '../platform/tenants.ts';
import { UserError } from '../platform/http/errors.ts';
import type { Actor } from '../platform/audit.ts';
import os from 'node:os';

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

/**
 * Opens the database for one command. With PGlite the data folder is locked for the command's duration:
 * a running server holds it, and the command refuses with a French message rather than corrupt it.
 */
export async function withDatabase<T>(work: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => undefined : acquireLock(config.dataDir, { pid: process.pid, kind: 'commande' });
  let db: Database | null = null;
  try {
    db = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
    return await work(db, config);
  } finally {
    await db?.close();
    release();
  }
}

export async function territoryBySiren(db: Database, siren: string): Promise<TerritoryRef> {
  if (!/^\d{9}$/.test(siren)) throw new UserError(`--territoire doit être le SIREN du territoire (9 chiffres), reçu « ${siren} ».`);
  const found = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  if (!found) throw new UserError(`Aucun territoire de SIREN ${siren} dans cette base. « mutualis territoires » les liste.`);
  return found;
}

/** A password from MUTUALIS_PASSWORD, or typed without echo when a terminal is there. */
export async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.MUTUALIS_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UserError('Mot de passe requis : définissez MUTUALIS_PASSWORD ou lancez la commande dans un terminal.');
  process.stdout.write(prompt);
  return new Promise((resolve) => {
    const stdin = process.stdin;
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (key: string) => {
      if (key === '\r' || key === '\n' || key === '\u0004') {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stdout.write('\n');
        resolve(typed);
      } else if (key === '\u0003') {
        process.exit(130);
      } else if (key === '\u007f') {
        typed = typed.slice(0, -1);
      } else {
        typed += key;
      }
    };
    stdin.on('data', onData);
  });
}
