import type { Command } from 'commander';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { importAgreementsFile } from '../agreements/import-service.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

/** mutualis conventions importer: agreements, or their approvals, from a CSV or XLSX file, all or nothing. */
export function registerAgreements(program: Command): void {
  const command = program.command('conventions').description('les conventions des services mutualisés : import des conventions et de leurs approbations');

  command
    .command('importer')
    .description(
      "importe des conventions (colonnes reference ; objet ; service ; parties ; signee_le ; prend_effet_le ; prend_fin_le ; note) ou, si le fichier a une colonne « assemblee », des approbations (convention ; avenant ; partie ; assemblee ; approuvee_le ; deliberation), depuis un CSV ou un XLSX, tout ou rien ; les parties sont nommées par code INSEE ou SIREN",
    )
    .argument('<fichier>', 'fichier CSV ou XLSX')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      const bytes = readFileOrRefuse(file);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const r = await importAgreementsFile(db, { territoryId: t.id, actor: cliActor() }, new Uint8Array(bytes));
          console.log(r.kind === 'agreements' ? `${count(r.agreements, 'convention importée', 'conventions importées')} dans ${t.name}.` : `${count(r.approvals, 'approbation importée', 'approbations importées')} dans ${t.name}.`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });
}
