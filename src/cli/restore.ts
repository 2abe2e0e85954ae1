import type { Command } from 'commander';
import { readBackup, restoreTerritory } from '../platform/backup.ts';
import { count, readFileOrRefuse, seconds, tableLabel, withDatabase } from './context.ts';
import { progressBar } from './progress.ts';

export function registerRestore(program: Command): void {
  program
    .command('restauration')
    .alias('restore')
    .description("restaure un territoire sauvegardé, tout ou rien, à l'identique (mêmes identifiants, journal d'audit intact) ; refusé si le territoire existe déjà dans la base")
    .argument('<fichier>', 'fichier de sauvegarde (mutualis sauvegarde)')
    .action(async (file: string) => {
      const started = performance.now();
      // Checked before the database is opened (or created): a damaged file leaves the target untouched.
      const backup = readBackup(readFileOrRefuse(file));
      const bar = progressBar('Restauration');
      try {
        await withDatabase(async (db) => {
          const result = await restoreTerritory(db, backup, { progress: (done, total, table) => bar.update(done, total, tableLabel(table)) });
          bar.stop();
          const { header } = result;
          console.log(
            `${result.territory.name} (SIREN ${result.territory.siren}) restauré : ${count(result.rows, 'ligne')}, en ${seconds(performance.now() - started)}` +
              ` (sauvegarde du ${new Date(header.createdAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })}, Mutualis ${header.mutualisVersion}).`,
          );
          for (const t of result.tables) console.log(`  ${(t.name === 'people' ? 'personnes créées' : tableLabel(t.name)).padEnd(34)} ${String(t.rows).padStart(8)}`);
          if (result.peopleReused > 0) {
            console.log(`${count(result.peopleReused, 'personne avait', 'personnes avaient')} déjà un compte dans cette base (même adresse) : compte conservé tel quel, avec son mot de passe.`);
          }
        });
      } finally {
        bar.stop();
      }
    });
}
