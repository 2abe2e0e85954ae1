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

/** mutualis aides …, as a user runs it, on its own database. */
describe(`mutualis aides on ${testDatabaseKind}`, () => {
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-aides-'));
    env = { ...process.env, DATA_DIR: path.join(dir, 'data'), MUTUALIS_PASSWORD: 'un-mot-de-passe-solide' };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      pgName = `mutualis_aides_cli_${process.pid}`;
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

  it('imports a CSV all or nothing, names every bad line in French, exports JSON that reads back as duplicates', async () => {
    const header = 'nom;description;financeurs;niveau;perimetre;code_perimetre;beneficiaires;types_aide;criteres;recurrence\n';
    const bad = path.join(dir, 'mauvais.csv');
    fs.writeFileSync(bad, `${header};Texte;État;national;france;;commune;grant;;ongoing\nAide;Texte;État;national;france;;commune;grant;population ≥ 5 000 et population ≤ 2 000;ongoing\n`);
    const refused = await cli('aides', 'importer', bad, '--territoire', '244200770');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Ligne 2, colonne « nom » : Le champ « nom » est obligatoire');
    expect(refused.stderr).toContain('Ligne 3, colonne « criteres » : Le minimum sur la population');
    expect(refused.stderr).toContain("Import refusé, rien n'a été enregistré : 2 erreur(s).");
    const good = path.join(dir, 'aides.csv');
    fs.writeFileSync(good, `${header}DETR;Dotation de l'État;État — Préfecture de la Loire;national;department;42;Communes;Subvention;population ≤ 2 000 | population > 2 000 et population ≤ 20 000;Récurrente\nBonus Ruralité;Petites communes;Région Auvergne-Rhône-Alpes;regional;region;84;commune;grant;population < 2 000;ongoing\n`);
    const imported = await cli('aides', 'importer', good, '--territoire', '244200770');
    expect([imported.code, imported.stdout.trim()]).toEqual([0, '2 aides créées, 0 aide mise à jour (doublons reconnus), dont 0 échue marquée comme telle(s).']);
    const json = path.join(dir, 'aides.json');
    expect((await cli('aides', 'exporter', json, '--territoire', '244200770')).code).toBe(0);
    const exported = JSON.parse(fs.readFileSync(json, 'utf8')) as { count: number; results: { name: string; perimeter: string; mutualis: { criteria: string } }[] };
    expect(exported.count).toBe(2);
    expect(exported.results.find((r) => r.name === 'DETR')?.mutualis.criteria.replace(/\u202f/g, ' ')).toBe('population ≤ 2 000\npopulation > 2 000 et population ≤ 20 000');
    const again = await cli('aides', 'importer', json, '--territoire', '244200770');
    expect(again.stdout.trim()).toBe('0 aide créée, 2 aides mises à jour (doublons reconnus), dont 0 échue marquée comme telle(s).');
    const wrong = await cli('aides', 'exporter', path.join(dir, 'aides.pdf'), '--territoire', '244200770');
    expect(wrong.stderr.trim()).toBe('mutualis : Format « pdf » inconnu : choisissez csv, xlsx, json (--format ou extension du fichier).');
  }, 240_000);
});
