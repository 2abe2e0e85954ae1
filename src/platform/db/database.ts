import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { checkTenancy } from './tenancy-check.ts';

export const APP_ROLE = 'mutualis_app';
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both drivers' transactions share this shape
export type Tx = PgTransaction<PgQueryResultHKT, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Drizzle = PgDatabase<PgQueryResultHKT, any>;

/** Who acts and for which territory: row-level security reads both from the transaction. */
export interface Scope {
  readonly territoryId: string | null;
  readonly personId: string | null;
}
export const GLOBAL_SCOPE: Scope = Object.freeze({ territoryId: null, personId: null });

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction, scoped for row-level security. */
  transaction<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** PGlite only: the raw data directory as a tarball (backups of a test template). */
  dumpDataDir?(): Promise<Blob>;
  /** Runs SQL as the tables' owner, outside row-level security: tests that play a database superuser. */
  asOwner?(statement: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; absent for PGlite. */
  readonly url?: string | undefined;
  /** PGlite data folder; absent → in memory. */
  readonly dataDir?: string | undefined;
  /** PGlite: start from this data directory tarball (test clones). */
  readonly loadDataDir?: Blob | undefined;
  /** Skip migrations (a clone of a migrated template). */
  readonly migrate?: boolean;
}

export async function rows<T>(tx: Tx | Drizzle, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function setScope(tx: Tx, scope: Scope): Promise<void> {
  await tx.execute(
    sql`select set_config('mutualis.territory_id', ${scope.territoryId ?? ''}, true),
               set_config('mutualis.person_id', ${scope.personId ?? ''}, true)`,
  );
}

function wrap(kind: Database['kind'], db: Drizzle, close: () => Promise<void>, extra: Partial<Database> = {}): Database {
  return {
    kind,
    ...extra,
    transaction: (scope, fn) =>
      db.transaction(async (tx) => {
        await setScope(tx as Tx, scope);
        return fn(tx as Tx);
      }),
    close,
  };
}

/** Opens PGlite (default) or PostgreSQL, migrates as the owner, then works as the application role. */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    if (shouldMigrate) {
      const owner = new pg.Pool({ connectionString: options.url, max: 1 });
      try {
        await migratePg(drizzlePg({ client: owner }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await owner.end();
      }
    }
    // Every connection works as the role that does not own the tables, so row-level security applies.
    const pool = new pg.Pool({ connectionString: options.url, max: 10, options: `-c role=${APP_ROLE}` });
    // An idle connection dropped by the server (restart, admin shutdown) must not crash the process.
    pool.on('error', () => undefined);
    // A connection in use that the server cuts emits 'error' on its client too: its query rejects (a 503 for the
    // request), and without a listener Node would end the whole process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg({ client: pool }) as unknown as Drizzle;
    await checkTenancy(db);
    return wrap('postgres', db, () => pool.end());
  }
  const client = new PGlite({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
  });
  await client.waitReady;
  const owner = drizzlePglite({ client });
  if (shouldMigrate) await migratePglite(owner, { migrationsFolder: MIGRATIONS_FOLDER });
  await client.exec(`set role ${APP_ROLE}`);
  const db = owner as unknown as Drizzle;
  await checkTenancy(db);
  const asOwner = async (statement: string) => {
    await client.exec('reset role');
    try {
      await client.exec(statement);
    } finally {
      await client.exec(`set role ${APP_ROLE}`);
    }
  };
  return wrap('pglite', db, () => client.close(), {
    asOwner,
    dumpDataDir: async () => {
      await client.exec('reset role');
      try {
        return await client.dumpDataDir('none');
      } finally {
        await client.exec(`set role ${APP_ROLE}`);
      }
    },
  });
}

/** The PostgreSQL error behind a query error (drizzle wraps it as its cause). */
export function pgError(error: unknown): { code: string; message: string; constraint?: string } | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const { message, constraint } = e as { message: string; constraint?: string };
      return { code, message, ...(constraint ? { constraint } : {}) };
    }
  }
  return null;
}
