import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabase } from '../platform/db/database.ts';
import { testDatabaseKind } from '../platform/db/testing.ts';
import { loadDemo } from '../demo/service.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** `mutualis conventions importer`, run as a user runs it, on a base holding the demo territory. */
describe(`mutualis conventions importer on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pgName: string | null = null;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-conventions-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_conv_${process.pid}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName}`);
      await admin.query(`create database ${pgName}`);
      await admin.end();
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = `/${pgName}`;
      url = env.DATABASE_URL = u.toString();
    }
    const db = await createDatabase(url ? { url } : { dataDir: env.DATA_DIR });
    await loadDemo(db);
    await db.close();
  }, 120_000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
    }
  });

  it('refuses a file listing every problem with its line and column, then imports agreements and their approvals', async () => {
    const bad = path.join(dir, 'mauvais.csv');
    fs.writeFileSync(bad, 'reference;objet;service;parties;prend_effet_le\nCONV-IMP-1;Convention importée;GTI;244200770,42095;2021-01-01\nCONV-IMP-2;;XYZ;244200770,99999;2021-02-30\n');
    const refused = await cli('conventions', 'importer', bad, '--territoire', '244200770');
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').slice(0, 4)).toEqual([
      'Ligne 3, colonne « service » : Aucun service de code « XYZ » dans le registre.',
      "Ligne 3, colonne « parties » : « 99999 » n'est ni le code INSEE d'une commune ni le SIREN d'une collectivité du registre.",
      'Ligne 3, colonne « objet » : Le champ « objet » est obligatoire (2000 caractères au plus).',
      'Ligne 3, colonne « prend_effet_le » : Le champ « prend effet le » doit être une date (AAAA-MM-JJ).',
    ]);
    const good = path.join(dir, 'conventions.csv');
    fs.writeFileSync(good, 'reference;objet;service;parties;prend_effet_le\nCONV-IMP-1;Convention importée;GTI;244200770,42095;2021-01-01\n');
    const imported = await cli('conventions', 'importer', good, '--territoire', '244200770');
    expect([imported.code, imported.stdout]).toEqual([0, '1 convention importée dans Saint-Étienne Métropole.\n']);
    const approvals = path.join(dir, 'approbations.csv');
    fs.writeFileSync(approvals, 'convention;avenant;partie;assemblee;approuvee_le;deliberation\nCONV-IMP-1;;42095;Conseil municipal;2020-12-14;2020-123\nCONV-GTI-2018-SC;2;42207;Conseil municipal;2020-01-27;\n');
    const done = await cli('conventions', 'importer', approvals, '--territoire', '244200770');
    expect([done.code, done.stdout]).toEqual([0, '2 approbations importées dans Saint-Étienne Métropole.\n']);
    const again = await cli('conventions', 'importer', approvals, '--territoire', '244200770');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Ligne 2, colonne « partie » : Firminy a déjà approuvé cet acte.');
  }, 240_000);
});
