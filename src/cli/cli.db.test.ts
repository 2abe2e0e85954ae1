import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { testDatabaseKind } from '../platform/db/testing.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** The real command, as a user runs it, on its own database (a temp PGlite folder, or a fresh PostgreSQL database). */
describe(`mutualis command on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let pgName: string | null = null;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-cli-'));
    env = { ...process.env, DATA_DIR: dataDir, MUTUALIS_PASSWORD: 'un-mot-de-passe-solide' };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_cli_${process.pid}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName}`);
      await admin.query(`create database ${pgName}`);
      await admin.end();
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${pgName}`;
      env.DATABASE_URL = url.toString();
    }
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (pgName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
    }
  });

  it('creates the CA du Pays Basque with its 158 communes and a first administrator', async () => {
    // --admin-name: the English spelling is accepted too.
    const result = await cli('init', '--epci', '200067106', '--admin-email', 'admin@paysbasque.fr', '--admin-name', 'Maite Etxeberria');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Territoire CA du Pays Basque \(SIREN 200067106\) créé : 158 communes, 325\u202f721 habitants, en \d+,\d s\./);
    expect((await cli('territories')).stdout).toContain('200067106  CA du Pays Basque');
    expect((await cli('users', 'list', '--territoire', '200067106')).stdout).toMatch(/admin@paysbasque\.fr\s+Maite Etxeberria\s+Administration/);
  });

  it('refuses a second init of the same EPCI, and an ambiguous name, in French', async () => {
    const again = await cli('init', '--epci', '200067106');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('mutualis : Le territoire CA du Pays Basque (SIREN 200067106) existe déjà dans cette base. « mutualis territoires » les liste.\n');
    const vague = await cli('init', '--epci', 'metropole du');
    expect(vague.code).toBe(1);
    expect(vague.stderr).toContain('Plusieurs EPCI correspondent à « metropole du » ; relancez avec le SIREN');
    expect(vague.stderr).toMatch(/245400676 {2}Métropole du Grand Nancy \(20 communes\)/);
  });

  it('verifies the audit chain, and reports a missing option in French', async () => {
    const verify = await cli('audit', '--territoire', '200067106', '--verify');
    expect(verify.stdout).toMatch(/intact : 637 entrées/);
    const missing = await cli('audit');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('option obligatoire « --territoire <siren> » absente');
  });

  it('backs up a territory and restores it into another database', async () => {
    const file = path.join(dataDir, 'pays-basque.mutualis.gz');
    const saved = await cli('sauvegarde', file, '--territoire', '200067106');
    expect(saved.stderr).toBe('');
    expect(saved.stdout).toMatch(/CA du Pays Basque sauvegardé/);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-cli-restore-'));
    try {
      const restoreEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: elsewhere };
      delete restoreEnv.DATABASE_URL; // PGlite target: from PostgreSQL too, when the suite runs there
      // A truncated file is refused before the database is even created: the target folder stays empty.
      const truncated = path.join(dataDir, 'tronque.gz');
      fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 500));
      const refused = await run('node', [BIN, 'restauration', truncated], { env: restoreEnv, timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
      expect(refused).toMatchObject({ code: 1, stderr: 'mutualis : Sauvegarde illisible : le fichier est tronqué ou altéré (rien n’a été restauré).\n' });
      expect(fs.readdirSync(elsewhere)).toEqual([]);
      const restored = await run('node', [BIN, 'restore', file], { env: restoreEnv, timeout: 60_000 });
      expect(restored.stdout).toMatch(/CA du Pays Basque \(SIREN 200067106\) restauré : 1\u202f274 lignes/);
      expect(restored.stdout).toMatch(/entrées du journal d'audit +637/);
      const verified = await run('node', [BIN, 'audit', '--territoire', '200067106', '--verify'], { env: restoreEnv, timeout: 60_000 });
      expect(verified.stdout).toMatch(/intact : 637 entrées/);
      // Backing up the restored copy gives the same content (the header's date aside).
      const copy = path.join(elsewhere, 'copie.mutualis.gz');
      await run('node', [BIN, 'backup', copy, '--territoire', '200067106'], { env: restoreEnv, timeout: 60_000 });
      const body = (f: string) => gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n').slice(1).join('\n');
      expect(body(copy)).toBe(body(file));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses to touch a PGlite folder that a live process holds (PostgreSQL: both simply connect)', async () => {
    // A live process (this sleeping child) holds the lock, as the server does.
    const holder: ChildProcess = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dataDir, 'mutualis.lock'), JSON.stringify({ pid: holder.pid, kind: 'serveur', url: 'http://localhost:3000' }));
      const result = await cli('territoires');
      if (env.DATABASE_URL) {
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('CA du Pays Basque');
        return;
      }
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Le serveur Mutualis');
      expect(result.stderr).toContain('utilise déjà le dossier de données');
    } finally {
      holder.kill();
      fs.rmSync(path.join(dataDir, 'mutualis.lock'), { force: true });
    }
    // A lock left by a dead process is taken over, and released when the command ends.
    fs.writeFileSync(path.join(dataDir, 'mutualis.lock'), JSON.stringify({ pid: 2 ** 22 + 1, kind: 'serveur' }));
    expect((await cli('territoires')).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'mutualis.lock'))).toBe(false);
  });
});
