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

/** `mutualis report`, run as a user runs it, on a base holding the demo. */
describe(`mutualis report on ${testDatabaseKind}`, () => {
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-report-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_report_cli_${process.pid}`;
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

  it('writes the 2020 report as PDF with the bundle, attaches it to 2020.00079; DOCX when asked; refuses bad options', async () => {
    const result = await cli('report', '--year', '2020', '--format', 'pdf', '--out', 'rapport.pdf', '--deliberation', '2020.00079', '--bundle');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('joint en annexe de la délibération n° 2020.00079');
    expect(pdfText(fs.readFileSync(path.join(dir, 'rapport.pdf'))).normalize('NFKC')).toContain('Groupements de commandes conclus en 2019 : 24.');
    const extract = fs.readdirSync(dir).find((f) => f.startsWith('rapport-extrait'))!;
    expect(pdfText(fs.readFileSync(path.join(dir, extract)))).toContain('DELIBERATION N°2020.00079');
    expect((await cli('report', '--year', '2020', '--format', 'docx', '--out', 'rapport.docx')).code).toBe(0);
    expect(await docxText(fs.readFileSync(path.join(dir, 'rapport.docx')))).toContain('Comptes d');
    const bad = await cli('report', '--year', '20', '--out', 'x.pdf');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--year');
    const missing = await cli('report', '--year', '2020', '--out', 'x.pdf', '--deliberation', '2020.99999');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('2020.99999');
  }, 180_000);
});
