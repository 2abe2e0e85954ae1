import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildProgram } from './main.ts';
import { runProgram, frenchCommanderMessage } from './program.ts';
import { chooseEpci } from './init.ts';
import { count, fileSize, seconds } from './context.ts';

/** Runs the command in this process (no database is opened: every case fails or stops before). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runProgram(buildProgram(), ['node', 'mutualis', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('mutualis command line: usage errors in French', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names a missing option, an unknown command or option, a refused value', async () => {
    expect(await cli('utilisateurs', 'ajouter', '--territoire', '200067106')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('erreur : option obligatoire « --email <email> » absente'),
    });
    expect((await cli('sauvegardes')).stderr).toContain('erreur : commande inconnue « sauvegardes »\n(Vouliez-vous dire sauvegarde ?)');
    expect((await cli('territoires', '--siren', '1')).stderr).toContain('erreur : option inconnue « --siren »');
    const role = await cli('users', 'add', '--territoire', '200067106', '--email', 'a@b.fr', '--nom', 'A', '--role', 'chef');
    expect(role).toMatchObject({ code: 1 });
    expect(role.stderr).toContain('erreur : l’option « --role <rôle> » ne prend pas la valeur « chef » ; valeurs possibles : admin, finance, serviceHead, secretariat, commune, reader.');
    expect((await cli('restore')).stderr).toContain('erreur : argument obligatoire « fichier » absent');
    expect((await cli('init', '--epci')).stderr).toContain('erreur : l’option « --epci <siren-ou-nom> » attend une valeur');
  });

  it('refuses inconsistent options before opening any database', async () => {
    expect((await cli('users', 'add', '--territoire', '200067106', '--email', 'a@b.fr', '--nom', 'A', '--role', 'commune')).stderr).toBe(
      'mutualis : --commune <insee> est obligatoire pour le rôle commune.\n',
    );
    expect((await cli('init', '--epci', '200067106', '--admin-nom', 'Claire')).stderr).toBe('mutualis : --admin-nom ne sert qu’avec --admin-email.\n');
    expect((await cli('init', '--epci', '200067106', '--admin-email', 'pas-une-adresse')).stderr).toContain('n\'est pas une adresse électronique valide');
    expect((await cli('init', '--epci', '123456789')).stderr).toBe('mutualis : Aucun EPCI de SIREN 123456789 dans les données officielles (COG 2026).\n');
    expect((await cli('backup', 'x.gz', '--territoire', 'Pays Basque')).stderr).toContain('--territoire doit être le SIREN du territoire (9 chiffres)');
    expect((await cli('restore', '/nulle/part/sauvegarde.gz')).stderr).toBe('mutualis : Impossible de lire /nulle/part/sauvegarde.gz : fichier introuvable.\n');
  });

  it('prints its help in French, with exit code 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Utilisation : mutualis \[options\] \[commande\]/);
    expect(help.stdout).toContain('Commandes :');
    expect(help.stdout).toMatch(/sauvegarde\|backup \[options\] <fichier>/);
    expect(help.stdout).not.toMatch(/Usage:|Commands:|display help/);
    const users = await cli('users', 'add', '--help');
    expect(users.stdout).toMatch(/\(valeurs :\s+admin, finance/);
    expect(users.stdout).toContain('Rôles :');
  });

  it('translates every Commander message it knows', () => {
    expect(frenchCommanderMessage("error: too many arguments for 'territoires'. Expected 0 arguments but got 1.")).toBe('erreur : trop d’arguments');
    expect(frenchCommanderMessage('error: something new')).toBe('erreur : something new');
  });
});

describe('choosing an EPCI of the official data', () => {
  it('by SIREN or by a part of its name, accents and case aside; several matches are listed with their SIREN', () => {
    expect(chooseEpci('200067106').nom).toBe('CA du Pays Basque');
    expect(chooseEpci('saint-etienne').code).toBe('244200770');
    expect(() => chooseEpci('métropole du')).toThrow(/200054781 {2}Métropole du Grand Paris \(130 communes\)\n {2}245400676 {2}Métropole du Grand Nancy/);
    expect(() => chooseEpci('métropole')).toThrow(/\n {2}…$/);
  });
});

describe('French figures in messages', () => {
  it('counts, seconds and file sizes', () => {
    expect([count(0, 'commune'), count(1, 'commune'), count(158, 'commune'), count(1274, 'ligne')]).toEqual(['0 commune', '1 commune', '158 communes', '1\u202f274 lignes']);
    expect(seconds(5520)).toBe('5,5 s');
    expect([fileSize(999), fileSize(67_400), fileSize(12_345_678)]).toEqual(['999 octets', '67 Ko', '12,3 Mo']);
  });
});

describe('bin/mutualis.js', () => {
  it('runs as a real command: exit code 1 and a French message on stderr, no stack trace', async () => {
    const failed = await promisify(execFile)('node', [path.resolve('bin/mutualis.js'), 'utilisateurs', 'lister'], { timeout: 30_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect((failed as { stderr: string }).stderr).toBe("erreur : option obligatoire « --territoire <siren> » absente\n(ajoutez --help pour l’aide de la commande)\n");
  });
});
