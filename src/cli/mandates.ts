import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import * as assemblies from '../assemblies/service.ts';
import { MANDATE_COLUMNS } from '../assemblies/mandate-import.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

export function registerMandates(program: Command): void {
  program
    .command('mandats')
    .alias('mandates')
    .description("importe les élus d'une assemblée et leurs mandats depuis un CSV ou un XLSX, tout ou rien")
    .argument('<fichier>', `CSV (UTF-8) ou XLSX, colonnes : ${MANDATE_COLUMNS.join(';')} (et, facultative, rang)`)
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .requiredOption('--instance <nom>', "nom de l'assemblée (ex. « Conseil métropolitain »)")
    .action(async (file: string, options: { territoire: string; instance: string }) => {
      const bytes = new Uint8Array(readFileOrRefuse(file));
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const bodies = await assemblies.listBodies(db, ctx);
        const body = bodies.find((b) => b.name.toLocaleLowerCase('fr') === options.instance.trim().toLocaleLowerCase('fr'));
        if (!body) {
          const known = bodies.map((b) => `« ${b.name} »`).join(', ') || 'aucune';
          throw new UserError(`Aucune assemblée « ${options.instance} » dans ${t.name} (assemblées : ${known}).`);
        }
        try {
          const result = await assemblies.importMandates(db, ctx, body.id, bytes);
          console.log(`${body.name} : ${count(result.mandates, 'mandat importé', 'mandats importés')}, ${count(result.members, 'nouvel élu', 'nouveaux élus')}.`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });
}
