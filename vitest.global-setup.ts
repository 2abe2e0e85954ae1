import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from './src/platform/db/database.ts';

/** Creates and migrates one template database per run; tests clone it (never 4 s per test). */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = path.join(os.tmpdir(), `mutualis-template-${process.pid}.tar`);
    const db = await createDatabase({});
    const blob = await db.dumpDataDir!();
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    await db.close();
    project.provide('pgliteTemplate', file);
    return () => fs.rmSync(file, { force: true });
  }
  const name = `mutualis_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${name}`;
  const db = await createDatabase({ url: templateUrl.toString() });
  await db.close();
  project.provide('pgTemplate', name);
  return async () => {
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
}
