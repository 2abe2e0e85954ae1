import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { backupTerritory } from '../platform/backup.ts';
import { checkSiren, count, fileSize, seconds, tableLabel, withDatabase } from './context.ts';
import { progressBar } from './progress.ts';

/** Writes beside the target, then renames: a crash never leaves a half-written backup under the real name. */
function writeAtomically(file: string, data: Buffer): void {
  const partial = `${file}.partiel`;
  try {
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'dossier introuvable' : code === 'EACCES' ? 'accès refusé' : code === 'EISDIR' ? "c'est un dossier" : (error as Error).message;
    throw new UserError(`Impossible d'écrire ${file} : ${why}.`);
  }
}

export function registerBackup(program: Command): void {
  program
    .command('sauvegarde')
    .alias('backup')
    .description("sauvegarde complète d'un territoire dans un fichier : ses données, ses utilisateurs (sans sessions ni jetons), son journal d'audit")
    .argument('<fichier>', 'fichier à écrire, remplacé s’il existe (ex. territoire.mutualis.gz)')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      const siren = checkSiren(options.territoire);
      const started = performance.now();
      const bar = progressBar('Sauvegarde');
      try {
        await withDatabase(async (db) => {
          const { data, header } = await backupTerritory(db, siren, { progress: (done, total, table) => bar.update(done, total, tableLabel(table)) });
          writeAtomically(file, data);
          bar.stop();
          const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
          console.log(`${header.territory.name} sauvegardé dans ${file} : ${count(rows, 'ligne')}, ${fileSize(data.length)}, en ${seconds(performance.now() - started)}.`);
        });
      } finally {
        bar.stop();
      }
    });
}
