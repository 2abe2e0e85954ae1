import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { parisToday } from '../platform/clock.ts';
import { IMPORT_COLUMNS, IMPORT_KINDS, importCatalogueFile, type ImportKind } from '../catalogue/import-service.ts';
import { anonymiseDueTrainees } from '../catalogue/activity-service.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

const WHAT: Record<ImportKind, [string, string]> = {
  adhesions: ['adhésion créée', 'adhésions créées'],
  comptes: ["ligne de comptes d'accès créée", "lignes de comptes d'accès créées"],
  stagiaires: ['personne formée inscrite', 'personnes formées inscrites'],
};

/** mutualis catalogue importer|anonymiser: subscriptions, accounts and trainees in bulk; the trainees' retention. */
export function registerCatalogue(program: Command): void {
  const command = program.command('catalogue').description('le catalogue de services aux communes : import des adhésions, comptes et personnes formées ; anonymisation');

  command
    .command('importer')
    .description(
      `importe un CSV ou un XLSX, tout ou rien ; colonnes : ${IMPORT_KINDS.map((k) => `${k} (${[...IMPORT_COLUMNS[k].required, ...IMPORT_COLUMNS[k].optional.map((c) => `${c} facultative`)].join(', ')})`).join(' ; ')}`,
    )
    .argument('<fichier>', 'fichier CSV ou XLSX')
    .requiredOption('--type <type>', `ce que contient le fichier : ${IMPORT_KINDS.join(', ')}`)
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { type: string; territoire: string }) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(options.type)) throw new UserError(`--type : « ${options.type} » inconnu ; choisissez ${IMPORT_KINDS.join(', ')}.`);
      const kind = options.type as ImportKind;
      const bytes = readFileOrRefuse(file);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const r = await importCatalogueFile(db, { territoryId: t.id, actor: cliActor() }, kind, new Uint8Array(bytes), parisToday());
          console.log(`${count(r.created, ...WHAT[kind])} dans le catalogue de ${t.name}.`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });

  command
    .command('anonymiser')
    .description("efface les noms et fonctions des personnes formées dont la durée de conservation est échue (RGPD) ; les nombres de personnes formées restent")
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (options: { territoire: string }) => {
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        const n = await anonymiseDueTrainees(db, { territoryId: t.id, actor: cliActor() }, parisToday());
        console.log(`${count(n, 'personne formée anonymisée', 'personnes formées anonymisées')}.`);
      });
    });
}
