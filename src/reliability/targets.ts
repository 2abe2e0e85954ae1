import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../platform/db/database.ts';
import { startServer } from '../../e2e/support/server.ts';

/** One database a trial may break: a PGlite folder, or a PostgreSQL database (with a folder for the server's files). */
export interface Target {
  readonly dataDir: string;
  /** '' on PGlite. */
  readonly databaseUrl: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** Where trials get their databases: PGlite folders, or PostgreSQL databases when DATABASE_URL is set. */
export interface Targets {
  readonly kind: 'PGlite' | 'PostgreSQL';
  /** A copy of the demo territory, loaded once by a first real start of the server. */
  demo(): Promise<Target>;
  /** An empty, migrated database. */
  empty(): Promise<Target>;
  close(): Promise<void>;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function prepareTargets(): Promise<Targets> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-fiabilite-'));
  const serverUrl = process.env.DATABASE_URL ?? '';
  let n = 0;
  const folder = () => fs.mkdtempSync(path.join(root, `essai-${++n}-`));
  if (!serverUrl) {
    const template = path.join(root, 'demo');
    fs.mkdirSync(template);
    await (await startServer(template, 180_000)).stop();
    const pgliteTarget = (dataDir: string): Target => ({
      dataDir,
      databaseUrl: '',
      open: () => createDatabase({ dataDir }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    });
    return {
      kind: 'PGlite',
      demo: async () => {
        const dataDir = folder();
        fs.cpSync(template, dataDir, { recursive: true });
        fs.rmSync(path.join(dataDir, 'mutualis.lock'), { force: true });
        return pgliteTarget(dataDir);
      },
      empty: async () => {
        const dataDir = folder();
        await (await createDatabase({ dataDir })).close();
        return pgliteTarget(dataDir);
      },
      close: async () => fs.rmSync(root, { recursive: true, force: true }),
    };
  }
  const prefix = `mutualis_rel_${process.pid}`;
  const created: string[] = [];
  const make = async (from: string | null): Promise<Target> => {
    const name = `${prefix}_${++n}`;
    await admin(serverUrl, (c) => c.query(`create database ${name}${from ? ` template ${from}` : ''}`));
    created.push(name);
    const url = withDatabase(serverUrl, name);
    if (!from) await (await createDatabase({ url })).close();
    return {
      dataDir: folder(),
      databaseUrl: url,
      open: () => createDatabase({ url, migrate: false }),
      drop: () => admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
    };
  };
  const template = `${prefix}_demo`;
  await admin(serverUrl, (c) => c.query(`create database ${template}`));
  created.push(template);
  await (await startServer(folder(), 180_000, withDatabase(serverUrl, template))).stop();
  return {
    kind: 'PostgreSQL',
    demo: () => make(template),
    empty: () => make(null),
    close: async () => {
      for (const name of created) await admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
