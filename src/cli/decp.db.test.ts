import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Ajv } from 'ajv';
import { createDatabase } from '../platform/db/database.ts';
import { testDatabaseKind } from '../platform/db/testing.ts';
import { loadDemo } from '../demo/service.ts';
import { DECP_SCHEMA_PATH } from '../procurement/decp/schema.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');
const EXAMPLE = path.join(path.dirname(DECP_SCHEMA_PATH), 'decp-example-marches.json');

/** `mutualis export decp` and `mutualis import decp`, run as a user runs them, on a base holding the demo territory. */
describe(`mutualis export/import decp on ${testDatabaseKind}`, () => {
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-decp-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_decp_${process.pid}`;
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

  it('exports the 2019 essential data as valid DECP v2.0.3 on stdout, the summary on stderr', async () => {
    const result = await cli('export', 'decp', '--year', '2019');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Saint-Étienne Métropole, 2019 : 41 marchés exportés, 10 non publiés (sous le seuil ou acheteur extérieur).\n');
    const document = JSON.parse(result.stdout) as { marches: { marche: unknown[] } };
    expect(document.marches.marche).toHaveLength(41);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(DECP_SCHEMA_PATH, 'utf8')) as object);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const refused = await cli('export', 'decp', '--annee', '19');
    expect([refused.code, refused.stderr]).toEqual([1, 'mutualis : --annee doit être une année sur 4 chiffres, reçu « 19 ».\n']);
  }, 180_000);

  it('imports the official example once, then refuses it naming line, record and field, and refuses a wrong SIRET key', async () => {
    const first = await cli('import', 'decp', EXAMPLE);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe('2 marchés importés dans Saint-Étienne Métropole, dont 0 rattaché(s) à un acheteur du registre.');
    const again = await cli('import', 'decp', EXAMPLE, '--territoire', '244200770');
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n').slice(0, 2)).toEqual([
      'Ligne 4, marché n° 1 (id TEST2022), champ « id » : ce marché de cet acheteur est déjà enregistré dans le territoire.',
      'Ligne 114, marché n° 2 (id TEST2022Bis), champ « id » : ce marché de cet acheteur est déjà enregistré dans le territoire.',
    ]);
    const bad = path.join(dir, 'mauvais.json');
    fs.writeFileSync(bad, fs.readFileSync(EXAMPLE, 'utf8').replace('"TEST2022"', '"NOUVEAU"').replace('"TEST2022Bis"', '"NOUVEAU2"').replace('"55204599900869"', '"55204599900860"'));
    const wrong = await cli('import', 'decp', bad);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Ligne 51, marché n° 1 (id NOUVEAU), champ « titulaires[0].titulaire.id » : Le SIRET « 55204599900860 » est invalide (clé de contrôle de Luhn incorrecte).');
    expect(wrong.stderr).toContain("mutualis : Import refusé, rien n'a été enregistré : 1 erreur(s).");
  }, 240_000); // four commands, each opening the PGlite folder: slow on a loaded machine
});
