import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from './database.ts';

/**
 * A fresh, migrated database for one test file: a clone of the template that the global setup
 * migrated once (PGlite: its data directory; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = inject('pgliteTemplate');
    const blob = new Blob([fs.readFileSync(file)]);
    return createDatabase({ loadDataDir: blob, migrate: false });
  }
  const template = inject('pgTemplate');
  const name = `mutualis_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = await createDatabase({ url: testUrl.toString(), migrate: false });
  return {
    ...db,
    asOwner: async (statement: string) => {
      const owner = new pg.Client({ connectionString: testUrl.toString() });
      await owner.connect();
      try {
        await owner.query(statement);
      } finally {
        await owner.end();
      }
    },
    close: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** The database's kind, for test names. */
export const testDatabaseKind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
