import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { testDatabaseKind } from '../platform/db/testing.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** mutualis convergence importer, as a user runs it, on its own database. */
describe(`mutualis convergence on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pgName: string | null = null;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, timeout: 90_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-convergence-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), MUTUALIS_PASSWORD: 'un-mot-de-passe-solide' };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_convergence_cli_${process.pid}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName}`);
      await admin.query(`create database ${pgName}`);
      await admin.end();
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${pgName}`;
      env.DATABASE_URL = url.toString();
    }
    const init = await cli('init', '--epci', '244200770', '--admin-email', 'admin@sem.fr', '--admin-nom', 'Claire Martin');
    expect(init.code, init.stderr).toBe(0);
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

  it('imports a CSV all or nothing and names every bad line in French', async () => {
    const header = 'categorie;intitule;outil;debut;fin;etat;participants\n';
    const bad = path.join(dir, 'mauvais.csv');
    fs.writeFileSync(bad, `${header}Déploiement de logiciels;Gestion financière;CORIOLIS;2018;;Réalisé;244200770,42218\nlogiciel;Gestion RH;ASTRE;demain;;Réalisé;42999\n`);
    const refused = await cli('convergence', 'importer', bad, '--territoire', '244200770');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Ligne 3, colonne « categorie »');
    expect(refused.stderr).toContain('Ligne 3, colonne « debut »');
    expect(refused.stderr).toContain('Ligne 3, colonne « participants » : « 42999 »');
    const good = path.join(dir, 'bon.csv');
    fs.writeFileSync(good, `${header}Déploiement de logiciels;Gestion financière;CORIOLIS;2018;;Réalisé;244200770,42218\nConvention de partenariat;Harmonisation des règles de gestion;RIFSEEP;2016;2017;Réalisé;\n`);
    const done = await cli('convergence', 'importer', good, '--territoire', '244200770');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('2 projets importés, 2 participations dans Saint-Étienne Métropole.');
    const again = await cli('convergence', 'importer', good, '--territoire', '244200770');
    expect(again.stderr).toContain('existe déjà');
  }, 240_000);
});
