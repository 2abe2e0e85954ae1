import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabase } from '../platform/db/database.ts';
import { testDatabaseKind } from '../platform/db/testing.ts';
import { makeTable, tableToXlsx } from '../platform/documents/index.ts';
import { loadDemo } from '../demo/service.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/mutualis.js');

/** `mutualis catalogue importer|anonymiser`, run as a user runs them, on a base holding the demo territory. */
describe(`mutualis catalogue on ${testDatabaseKind}`, () => {
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-catalogue-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    let url: string | undefined;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_catalogue_cli_${process.pid}`;
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

  it('imports trainees from CSV and accounts from XLSX all or nothing, names every bad cell in French, and anonymises', async () => {
    const bad = path.join(dir, 'stagiaires-faux.csv');
    fs.writeFileSync(bad, 'session;nom;code_insee;organisme;fonction\nSIG-2019-01;Jeanne Roche;42207;;Agente\nSIG-2099-01;Paul Vial;42095;;\nSIG-2019-01;;42095;;\nSIG-2019-02;Luc Bret;;;\n');
    const refused = await cli('catalogue', 'importer', bad, '--type', 'stagiaires', '--territoire', '244200770');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Ligne 3, colonne « session » : La session « SIG-2099-01 » n\'existe pas (créez-la d\'abord).');
    expect(refused.stderr).toContain('Ligne 4, colonne « nom » : Le champ « nom de la personne » est obligatoire');
    expect(refused.stderr).toContain('Ligne 5, colonne « organisme » : Indiquez le code INSEE de la commune de la personne');
    expect(refused.stderr).toContain("Import refusé, rien n'a été enregistré : 3 erreur(s).");
    const good = path.join(dir, 'stagiaires.csv');
    fs.writeFileSync(good, 'session;nom;code_insee;organisme;fonction\nSIG-2019-06;Jeanne Roche;42207;;Agente\nSIG-2019-06;Paul Vial;;Département de la Loire;Géomaticien\n');
    const imported = await cli('catalogue', 'importer', good, '--type', 'stagiaires', '--territoire', '244200770');
    expect([imported.code, imported.stdout.trim()]).toEqual([0, '2 personnes formées inscrites dans le catalogue de Saint-Étienne Métropole.']);

    const xlsx = path.join(dir, 'comptes.xlsx');
    const table = makeTable('Comptes', [
      { header: 'offre', kind: 'text', value: (r: string[]) => r[0]! },
      { header: 'code_insee', kind: 'text', value: (r: string[]) => r[1]! },
      { header: 'nombre', kind: 'text', value: (r: string[]) => r[2]! },
      { header: 'ouverture', kind: 'text', value: (r: string[]) => r[3]! },
    ], [['sig', '42207', '2', '2020-02-03'], ['sig', '42218', '1', '2020-02-03']]);
    fs.writeFileSync(xlsx, await tableToXlsx(table, { date: '2020-02-01' }));
    const noAccount = await cli('catalogue', 'importer', xlsx, '--type', 'comptes', '--territoire', '244200770');
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toContain("colonne « ouverture » : Saint-Étienne n'a pas d'adhésion active à « SIG métropolitain (système d’information géographique) » le 03/02/2020.");
    const wrongType = await cli('catalogue', 'importer', xlsx, '--type', 'contrats', '--territoire', '244200770');
    expect(wrongType.stderr.trim()).toBe('mutualis : --type : « contrats » inconnu ; choisissez adhesions, comptes, stagiaires.');

    const anonymised = await cli('catalogue', 'anonymiser', '--territoire', '244200770');
    expect(anonymised.code).toBe(0);
    // Sessions of 2019 are past the default 36 months: the 83 + 57 + 35 demo trainees and the 2 just imported.
    expect(anonymised.stdout.trim()).toBe('177 personnes formées anonymisées.');
  }, 240_000);
});
