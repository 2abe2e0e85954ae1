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
import { pdfText } from '../platform/documents/testing.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** `mutualis charge` and `mutualis statements`, run as finance staff run them, on a base holding the demo territory. */
describe(`mutualis charge / statements on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pgName: string | null = null;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-charge-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_charge_${process.pid}`;
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

  it('charge makes version 2 of the final run and validates it; statements writes one PDF per participant', async () => {
    const charged = await cli('charge', '--year', '2019', '--phase', 'final', '--validate');
    expect(charged.stderr).toBe('');
    expect(charged.code).toBe(0);
    expect(charged.stdout).toMatch(/2019 définitif : version 2, .* refacturés\.\nVersion 2 validée/);
    const out = path.join(dir, 'etats');
    const written = await cli('statements', '--year', '2019', '--out', out);
    expect(written.code).toBe(0);
    const files = fs.readdirSync(out).sort();
    expect(files).toContain('etat-2019-42207-v2.pdf');
    expect(written.stdout).toContain(`${files.length} états écrits`);
    const text = await pdfText(fs.readFileSync(path.join(out, 'etat-2019-42207-v2.pdf')));
    expect(text).toContain('Saint-Chamond');
    expect(text).toContain('Direction Grands Travaux');
  });

  it('refuses a bad year or phase in French', async () => {
    const bad = await cli('charge', '--year', '19', '--phase', 'final');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--year doit être une année sur 4 chiffres, reçu « 19 »');
    const phase = await cli('charge', '--year', '2019', '--phase', 'annuel');
    expect(phase.stderr).toContain('--phase doit être provisional ou final');
  });
});
