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

/** `mutualis mandats` as a user runs it, on a territory created by `mutualis init`, with a body made through the API's service. */
describe(`mutualis mandats on ${testDatabaseKind}`, () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pgName: string | null = null;
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-mandats-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), MUTUALIS_PASSWORD: 'un-mot-de-passe-solide' };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_mandats_${process.pid}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName}`);
      await admin.query(`create database ${pgName}`);
      await admin.end();
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${pgName}`;
      env.DATABASE_URL = url.toString();
    }
    expect((await cli('init', '--epci', '244200770', '--admin-email', 'admin@sem.fr', '--admin-nom', 'Admin')).code).toBe(0);
    // The body itself: created as the service does when the API or a page asks.
    const { createDatabase } = await import('../platform/db/database.ts');
    const { findTerritoryBySiren } = await import('../platform/tenants.ts');
    const { GLOBAL_SCOPE } = await import('../platform/db/database.ts');
    const { createBody } = await import('./service.ts');
    const db = await createDatabase({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
    try {
      const t = (await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, '244200770')))!;
      await createBody(db, { territoryId: t.id, actor: { personId: null, label: 'test' } }, { kind: 'bureau', name: 'Bureau métropolitain' }, '2026-06-01');
    } finally {
      await db.close();
    }
  }, 180_000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
    }
  });

  it('refuses a file with errors, line by line, and writes nothing; then imports a good one', async () => {
    const bad = path.join(dir, 'mauvais.csv');
    fs.writeFileSync(bad, 'civilite;prenom;nom;commune;fonction;siege;debut;fin\nM.;Gaël;PERDRIAU;42218;Président;titulaire;01/01/2018;\nMme;;MARTIN;42207;conseillère;suppléante;31/02/2018;\n');
    const refused = await cli('mandats', bad, '--territoire', '244200770', '--instance', 'bureau métropolitain');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Ligne 3, colonne « prenom » : Le prénom est obligatoire');
    expect(refused.stderr).toContain('Ligne 3, colonne « debut » : « 31/02/2018 » n\'est pas une date');
    expect(refused.stderr).toContain("mutualis : Import refusé, rien n'a été enregistré : 2 erreur(s).");
    const unknown = await cli('mandats', bad, '--territoire', '244200770', '--instance', 'Commission des finances');
    expect(unknown.stderr).toBe('mutualis : Aucune assemblée « Commission des finances » dans Saint-Étienne Métropole (assemblées : « Bureau métropolitain »).\n');
    const good = path.join(dir, 'bon.csv');
    fs.writeFileSync(good, 'Civilité;Prénom;Nom;Commune;Fonction;Siège;Début;Fin\nM.;Gaël;PERDRIAU;42218;Président;titulaire;01/01/2018;09/07/2020\nM.;Hervé;REYNAUD;42207;vice-président;titulaire;01/01/2018;09/07/2020\n');
    const imported = await cli('mandats', good, '--territoire', '244200770', '--instance', 'Bureau métropolitain');
    expect(imported.stderr).toBe('');
    // Two new members: the refused file created none (PERDRIAU was on its first, valid, line).
    expect(imported.stdout).toBe('Bureau métropolitain : 2 mandats importés, 2 nouveaux élus.\n');
  }, 240_000); // four commands, each opening the database: minutes on a loaded machine
});
