import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabase } from '../platform/db/database.ts';
import { testDatabaseKind } from '../platform/db/testing.ts';
import { docxText, pdfText } from '../platform/documents/testing.ts';
import { loadDemo } from '../demo/service.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** `mutualis extract` and `mutualis export scdl-deliberations`, run as a user runs them, on a base holding the demo. */
describe(`mutualis extract / export scdl-deliberations on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pgName: string | null = null;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, cwd: dir, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-delib-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_delib_${process.pid}`;
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

  it('writes the extract of 2020.00079 as PDF, and as DOCX when asked', async () => {
    const result = await cli('extract', '2020.00079', '--out', 'extract.pdf');
    expect(result.stderr).toContain('écrit dans extract.pdf');
    expect(result.code).toBe(0);
    expect(pdfText(fs.readFileSync(path.join(dir, 'extract.pdf')))).toContain('DELIBERATION N°2020.00079');
    expect((await cli('extract', '2020.00079', '--out', 'extrait.docx')).code).toBe(0);
    expect(await docxText(fs.readFileSync(path.join(dir, 'extrait.docx')))).toContain('042-244200770-20200127-2020_00079-DE');
    const missing = await cli('extract', '2020.99999');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Aucune délibération n° 2020.99999');
  }, 120_000);

  it('exports the published deliberations of 2020 as SCDL CSV', async () => {
    const result = await cli('export', 'scdl-deliberations', '--year', '2020');
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toBe('COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL');
    expect(row).toMatch(/^Saint-Étienne Métropole,\d{14},2020\.00079,2020-01-27,5\.7,Intercommunalité,/);
    expect(result.stderr).toContain('1 délibération publiée exportée');
    const bad = await cli('export', 'scdl-deliberations', '--year', '20');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--year doit être une année');
  }, 120_000);
});
