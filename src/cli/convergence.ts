import type { Command } from 'commander';
import { describeProblems, ImportError } from '../platform/imports.ts';
import * as convergence from '../convergence/service.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

/** mutualis convergence importer: convergence projects in bulk, all or nothing. */
export function registerConvergence(program: Command): void {
  const command = program.command('convergence').description('les projets de convergence (outils et règles partagés) : import');

  command
    .command('importer')
    .description('importe des projets de convergence depuis un CSV ou un XLSX (colonnes categorie ; intitule ; outil ; debut ; fin ; etat ; participants ; remarque), tout ou rien')
    .argument('<fichier>', 'fichier CSV ou XLSX')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      const bytes = readFileOrRefuse(file);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const r = await convergence.importProjects(db, { territoryId: t.id, actor: cliActor() }, new Uint8Array(bytes));
          console.log(`${count(r.projects, 'projet importé', 'projets importés')}, ${count(r.participants, 'participation', 'participations')} dans ${t.name}.`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });
}
