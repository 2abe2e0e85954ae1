import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import { cliActor, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

export function registerPopulations(program: Command): void {
  program
    .command('populations')
    .description('importe des populations par année et type depuis un CSV (code_insee;annee;type;population), tout ou rien')
    .argument('<fichier>', 'fichier CSV en UTF-8')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(readFileOrRefuse(file));
      } catch (error) {
        if (error instanceof TypeError) throw new UserError(`${file} n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».`);
        throw error;
      }
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const result = await territory.importPopulations(db, { territoryId: t.id, actor: cliActor() }, text, `import ${file}`);
          console.log(`${result.created} population(s) ajoutée(s), ${result.updated} modifiée(s), ${result.unchanged} inchangée(s).`);
        } catch (error) {
          if (error instanceof territory.ImportError) for (const p of error.problems) console.error(`Ligne ${p.line}, colonne « ${p.column} » : ${p.message}`);
          throw error;
        }
      });
    });
}
